"""Pages and API: who sees what, who may close, bad input, downloads, the schema."""

import pytest

from oa.usage.models import Bulletin
from oa.usage.periods import Period

pytestmark = pytest.mark.django_db


def test_info_center_dashboard_drilldown_close_and_download(personas, half_month, login):
    client = login(personas.info_center)
    page = client.get("/usage/?period=2026-10-1")
    text = page.content.decode()
    assert page.status_code == 200 and "甲局" in text and "乙局" in text and "全市" in text and "生成本期通报" in text
    detail = client.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    assert "关于国庆节前安全检查的通知" in detail and "红牌" in detail  # the late item behind the points
    response = client.post("/usage/close/", {"period": "2026-10-1"}, follow=True)
    assert "已生成2026年第19期通报" in response.content.decode()
    report = Bulletin.objects.get()
    pdf = client.get(f"/usage/reports/{report.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    assert client.get("/usage/reports/").status_code == 200
    assert client.get(f"/usage/reports/{report.pk}.exe").status_code == 404


def test_department_staff_see_only_their_department(personas, half_month, login):
    client = login(personas.staff_b)
    text = client.get("/usage/?period=2026-10-1").content.decode()
    assert "乙局" in text and "甲局</td>" not in text and "生成本期通报" not in text
    assert client.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").status_code == 200
    assert client.get(f"/usage/2026-10-1/departments/{personas.dept_a.pk}/").status_code == 403
    response = client.post("/usage/close/", {"period": "2026-10-1"}, follow=True)
    assert "只有市信息中心可以生成通报" in response.content.decode()
    assert not Bulletin.objects.exists()


def test_bad_period_is_a_message_not_an_error(personas, login):
    client = login(personas.info_center)
    response = client.get("/usage/?period=2026-13-9")
    assert response.status_code == 200 and "格式不对" in response.content.decode()
    assert client.get("/usage/abc/departments/1/").status_code == 404
    response = client.post("/usage/close/", {"period": "2099-1-1"}, follow=True)
    assert "尚未开始" in response.content.decode() and "尚未结束" in response.content.decode()
    response = client.get("/usage/?period=2099-1-1")  # a future half month: no figures pretending to be its own
    assert "尚未开始" in response.content.decode() and Period.current().label in response.content.decode()


def test_nav_links_to_the_dashboard(personas, login):
    client = login(personas.staff_a)
    assert 'href="/usage/"' in client.get("/todo/").content.decode()


def test_api_figures_close_and_permissions(personas, half_month, login):
    info = login(personas.info_center)
    periods = info.get("/api/v1/usage-reports/periods/").json()
    assert len(periods) == 12
    table = info.get("/api/v1/usage-reports/periods/2026-10-1/").json()["table"]
    assert {r["name"] for r in table["rows"]} == {"甲局", "乙局", "市信息中心"} and table["city"]["figures"]["logins"] == 3
    assert info.get("/api/v1/usage-reports/periods/2026-99-1/").status_code == 404
    score = info.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/").json()
    assert [i["grade"] for i in score["items"]["on_time"]] == ["红牌"]
    points = sum(p["points"] for p in score["score"]["parts"]) - score["score"]["penalty"]
    assert round(points, 2) == score["score"]["score"]
    assert info.post(f"/api/v1/usage-reports/periods/{Period.current()}/close/").status_code == 400  # still running
    created = info.post("/api/v1/usage-reports/periods/2026-10-1/close/")
    assert created.status_code == 201 and created.json()["number"] == "2026年第19期"
    assert info.post("/api/v1/usage-reports/periods/2026-10-1/close/").status_code == 200
    assert info.post("/api/v1/usage-reports/periods/2026-10-1/correct/", {"reason": ""}, content_type="application/json").status_code == 400
    v2 = info.post("/api/v1/usage-reports/periods/2026-10-1/correct/", {"reason": "数据更正"}, content_type="application/json")
    assert v2.status_code == 201 and v2.json()["version"] == 2
    reports = info.get("/api/v1/usage-reports/reports/").json()
    assert [r["version"] for r in reports] == [2, 1]
    assert info.get(reports[0]["docx_url"]).content[:2] == b"PK"
    assert info.get(f"/api/v1/usage-reports/reports/{reports[0]['id']}/").json()["data"]["table"]["period"] == "2026-10-1"


def test_api_staff_limits(personas, half_month, client, login):
    staff = login(personas.staff_b)
    table = staff.get("/api/v1/usage-reports/periods/2026-10-1/").json()["table"]
    assert [r["name"] for r in table["rows"]] == ["乙局"] and table["city"] is None
    assert staff.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_a.pk}/").status_code == 403
    assert staff.post("/api/v1/usage-reports/periods/2026-10-1/close/").status_code == 403
    assert not Bulletin.objects.exists()
    staff.logout()
    assert client.get("/api/v1/usage-reports/periods/").status_code in (401, 403)


def test_schema_lists_usage(personas, login):
    schema = login(personas.info_center).get("/api/schema/").content.decode()
    assert "/api/v1/usage-reports/periods/{period}/close/" in schema and "/api/v1/usage-reports/reports/" in schema


def test_the_drilldown_lists_the_open_overdue_items_behind_the_penalty(personas, half_month, login):
    from datetime import date

    from documents.models import Delivery, DeliveryState
    from oa.usage.selectors import open_overdue_items
    from oa.usage.services.rollup import compute_state

    late = Delivery.objects.get(department=personas.dept_b, title="关于国庆节前安全检查的通知")
    # Not completed after all (say the completion was entered against the wrong delivery): open, due 9 Oct.
    Delivery.objects.filter(pk=late.pk).update(state=DeliveryState.HANDLING, done_at=None)
    items = open_overdue_items(Period.parse("2026-10-1"), personas.dept_b.pk)
    assert [(i["delivery"].pk, i["grade"]) for i in items] == [(late.pk, "红牌")]
    assert compute_state(date(2026, 10, 15))[(personas.dept_b.pk, "open_red")] == len(items)  # the same rule
    page = login(personas.info_center).get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    section = page.split('data-testid="items-open-overdue"')[1].split("</table>")[0]
    assert "关于国庆节前安全检查的通知" in section and "红牌" in section and "截至2026年10月15日仍未办结" in page
    assert open_overdue_items(Period.parse("2026-10-1"), personas.dept_a.pk) == []


@pytest.mark.parametrize("period", ["2000-1-1", "2999-12-2", "2001-1-1", "2998-12-2"])
def test_periods_at_the_ends_of_the_calendar_never_end_in_a_500(personas, login, period):
    client = login(personas.info_center)
    client.raise_request_exception = False
    for url in (f"/usage/?period={period}", f"/usage/trend/?period={period}", f"/usage/export.xlsx?period={period}",
                f"/api/v1/usage-reports/periods/{period}/", f"/api/v1/usage-reports/trend/?period={period}"):
        assert client.get(url).status_code < 500, url
    assert client.post(f"/api/v1/usage-reports/periods/{period}/close/").status_code < 500


def test_a_frozen_bulletins_json_shows_staff_their_own_row_only(personas, half_month, login, password):
    from django.test import Client

    info = login(personas.info_center)
    report = info.post("/api/v1/usage-reports/periods/2026-10-1/close/").json()
    assert info.post("/api/v1/usage-reports/periods/2026-10-1/correct/", ["更正"],
                     content_type="application/json").status_code == 400  # not an object: refused, not a 500
    staff = Client()
    assert staff.post("/accounts/login/", {"username": personas.staff_b.username, "password": password}).status_code == 302
    # A draft 报告 until the 督办室 issues the period's 通报 (the chain itself: test_circular_chain.py).
    assert staff.get(f"/api/v1/usage-reports/reports/{report['id']}/").status_code == 404
    from oa.usage.models import UsageCircular

    UsageCircular.objects.filter(period="2026-10-1").update(state="issued")
    data = staff.get(f"/api/v1/usage-reports/reports/{report['id']}/").json()["data"]
    assert [r["name"] for r in data["table"]["rows"]] == ["乙局"] and data["table"]["city"] is None
    assert data["bulletin"]["summary"]  # the circulated 通报 itself (what the PDF says) is for every department
    full = info.get(f"/api/v1/usage-reports/reports/{report['id']}/").json()["data"]["table"]
    assert {r["name"] for r in full["rows"]} == {"甲局", "乙局", "市信息中心"} and full["city"] is not None


def test_the_city_leaders_see_every_department(personas, half_month, password):
    """The leaders of 市委办/市府办 (the offices the bulletin is reported to) see the whole table; their
    office's clerk sees the office's own row, like any department."""
    from django.test import Client

    from oa.org.choices import DepartmentKind, Role
    from oa.org.services.roles import role_grant
    from tests.factories import DepartmentFactory, PersonFactory

    office = DepartmentFactory(name="韶关市人民政府办公室", short_name="市府办", kind=DepartmentKind.GENERAL_OFFICE)
    mayor_aide = PersonFactory(username="sfb_leader_t", department=office)
    role_grant(actor=None, person=mayor_aide, role=Role.LEADER, system=True)
    office_clerk = PersonFactory(username="sfb_clerk_t", department=office)
    role_grant(actor=None, person=office_clerk, role=Role.CLERK, system=True)
    for person, sees_all in ((mayor_aide, True), (office_clerk, False)):
        client = Client()
        assert client.post("/accounts/login/", {"username": person.username, "password": password}).status_code == 302
        table = client.get("/api/v1/usage-reports/periods/2026-10-1/").json()["table"]
        names = {r["name"] for r in table["rows"]}
        assert ({"甲局", "乙局"} <= names) is sees_all and (table["city"] is not None) is sees_all
        status = client.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").status_code
        assert status == (200 if sees_all else 403)
        assert client.post("/usage/close/", {"period": "2026-10-1"}).status_code == 302  # refused with a message …
    assert not Bulletin.objects.exists()  # … closing stays the information center's
