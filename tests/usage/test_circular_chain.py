"""Seed 004 §9: the information center reports the half month's usage to the city government, the 督办室
circulates it. The chain draft → 信息中心领导 → 报告 to the city government → 督办室 (returns once, then
issues in its own name and number), through the pages and the API; who may do what; the scheduler only
prepares the draft; the bulletin names only the units using the system; every department is told on issue."""

import io
from datetime import date, timedelta

import pytest

from documents.models import NumberSequence
from oa.org.choices import DepartmentKind, Role, SeriesKind
from oa.org.models import NumberSeries
from oa.usage.choices import CircularState
from oa.usage.models import CircularFile, UsageCircular
from oa.usage.periods import Period
from oa.usage.services import circulars as chain_service
from oa.usage.services.reports import close_period
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db
OCT1 = Period.parse("2026-10-1")
S = CircularState


class City:
    """The 督办室 (with its 通报 series), the 市府办 (a city leader), an approval-only unit, and the
    information center's leader, beside the personas."""

    def __init__(self, personas, info_leader):
        self.info_leader = info_leader
        self.dbs = DepartmentFactory(name="市政府督办室", short_name="督办室", organ_code="韶府督", slug="dbs",
                                     kind=DepartmentKind.SUPERVISION)
        self.dbs_director = person_with_role("dbs_director", self.dbs, Role.OFFICE_DIRECTOR, "主任")
        self.dbs_leader = person_with_role("dbs_leader", self.dbs, Role.LEADER, "副主任")
        self.dbs_clerk = person_with_role("dbs_clerk", self.dbs, Role.CLERK, "文书")
        series = NumberSeries.objects.create(kind=SeriesKind.CIRCULAR, code="韶府督通")
        series.organs.add(self.dbs)
        self.sfb = DepartmentFactory(name="韶关市人民政府办公室", short_name="市府办", organ_code="韶府办", slug="sfb",
                                     kind=DepartmentKind.GENERAL_OFFICE)
        self.sfb_head = person_with_role("sfb_head", self.sfb, Role.PRINCIPAL_HEAD, "秘书长")
        self.slj = DepartmentFactory(name="水利局", short_name="水利局", organ_code="韶水", slug="slj", pilot_approval=True)
        self.slj_clerk = person_with_role("slj_clerk", self.slj, Role.CLERK, "文书")


@pytest.fixture
def city(personas, info_leader, half_month):
    return City(personas, info_leader)


@pytest.fixture
def portal(db):
    from oa.portal.seed import seed_portal

    return seed_portal()


@pytest.fixture
def sent(monkeypatch):
    """The live hints actually sent: (group, event, payload)."""
    from oa.core import live

    messages = []
    monkeypatch.setattr(live, "_send", lambda group, message: messages.append(
        (group, message.get("event"), message.get("payload"))))
    return messages


def _state(circular) -> str:
    circular.refresh_from_db()
    return circular.state


def _post(client, circular, action, text=None):
    return client.post(f"/usage/circulars/{circular.pk}/{action}/", {"text": text} if text is not None else {},
                       follow=True).content.decode()


def test_the_chain_through_the_pages(personas, city, portal, client, login, django_capture_on_commit_callbacks, sent):
    with django_capture_on_commit_callbacks(execute=True):
        close_period(period=OCT1)  # what the timer runs: freezes the figures and opens the draft, nothing more
    circular = UsageCircular.objects.get()
    assert circular.state == S.DRAFT and circular.prepared_by is None and circular.bulletin.version == 1
    info_ids = {f"person-{personas.info_center.pk}"}
    assert {group for group, *_ in sent} == info_ids  # only the information center hears of a draft
    detail = f"/usage/circulars/{circular.pk}/"

    login(personas.info_center)
    page = client.get(detail).content.decode()
    assert "提交领导审核" in page and "审核同意，报送市政府" not in page and "以督办室名义通报" not in page
    assert "已保存" in _post(client, circular, "edit", "本期系统运行平稳。\n经贸局培训已完成。")
    assert "未能审核报送市政府" in _post(client, circular, "approve")  # the information center cannot report it
    assert _state(circular) == S.DRAFT
    _post(client, circular, "submit")
    assert _state(circular) == S.AWAITING_LEADER
    assert "未能通报" in _post(client, circular, "issue")  # nor issue it
    client.logout()

    login(city.dbs_director)  # before it is reported the 督办室 does not see it, and cannot report it
    assert client.get(detail).status_code == 404
    client.logout()
    login(city.sfb_head)
    assert client.get(detail).status_code == 404 and "市信息中心报告" not in client.get("/").content.decode()
    client.logout()

    login(city.info_leader)
    page = client.get(detail).content.decode()
    assert "审核同意，报送市政府" in page and "本期系统运行平稳。" in page
    assert "已审核" in _post(client, circular, "approve")
    assert _state(circular) == S.REPORTED
    client.logout()

    # The city leaders see the 报告 on their home page, with the departments' figures.
    login(city.sfb_head)
    home = client.get("/").content.decode()
    assert "市信息中心报告：2026年10月上半月" in home and "乙局" in home and 'id="oa-home-city-report"' in home
    assert "以督办室名义通报" not in client.get(detail).content.decode()
    client.logout()

    # Neither a department's clerk nor the 督办室's own clerk may issue it.
    login(personas.clerk_b)
    assert client.post(f"{detail}issue/").status_code == 404
    client.logout()
    login(city.dbs_clerk)
    assert client.post(f"{detail}issue/").status_code == 404
    client.logout()
    assert _state(circular) == S.REPORTED

    # The 督办室 returns it once with comments: back to the information center's draft, comments shown.
    login(city.dbs_director)
    page = client.get(detail).content.decode()
    assert "以督办室名义通报" in page and "退回市信息中心" in page
    assert "请填写退回意见" in _post(client, circular, "send_back", "  ")
    _post(client, circular, "send_back", "请补充红牌单位的整改情况。")
    assert _state(circular) == S.DRAFT
    client.logout()
    login(personas.info_center)
    page = client.get(detail).content.decode()
    assert "请补充红牌单位的整改情况。" in page and 'id="oa-circular-returned"' in page
    _post(client, circular, "edit", "本期系统运行平稳。\n乙局红牌一件，已督促整改。")
    _post(client, circular, "submit")
    client.logout()
    login(city.dbs_director)  # now it has been reported before: the 督办室 sees it, but cannot report it
    assert "未能审核报送市政府" in _post(client, circular, "approve")
    assert _state(circular) == S.AWAITING_LEADER
    client.logout()
    login(city.info_leader)
    _post(client, circular, "approve")
    client.logout()

    sent.clear()
    login(city.dbs_leader)
    with django_capture_on_commit_callbacks(execute=True):
        assert "已通报" in _post(client, circular, "issue")
    circular.refresh_from_db()
    assert circular.state == S.ISSUED and circular.number == "韶府督通〔2026〕1号" and circular.issuer == city.dbs
    assert circular.content["issuer"] == "市政府督办室" and circular.content["main_to"] == "市直各单位"
    assert "乙局红牌一件，已督促整改。" in circular.content["remarks"]
    history = [s.action for s in circular.steps.order_by("at", "id")]
    assert history == ["prepare", "edit", "submit", "approve", "send_back", "edit", "submit", "approve", "issue"]
    assert any(event == "usage.circular.issued" and group == f"person-{personas.clerk_b.pk}" for group, event, _ in sent)

    from pypdf import PdfReader

    pdf = client.get(f"{detail}circular.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(" ", "").replace("\n", "")
    assert "韶府督通〔2026〕1号" in text and "市政府督办室" in text and "的通报" in text and "市直各单位：" in text
    assert client.get(f"{detail}circular.pdf").content == pdf.content  # kept, not rendered again
    assert CircularFile.objects.filter(circular=circular).count() == 1
    report = client.get(f"{detail}report.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    client.logout()

    # Every department sees the 通报 on the portal home, with a link to its own row.
    login(personas.staff_a)
    home = client.get("/").content.decode()
    assert "韶府督通〔2026〕1号" in home and f"/usage/2026-10-1/departments/{personas.dept_a.pk}/" in home
    page = client.get(detail).content.decode()
    assert "本单位明细" in page and "以督办室名义通报" not in page
    assert client.get("/usage/circulars/").status_code == 200


def test_the_chain_through_the_api(personas, city, client, login):
    close_period(period=OCT1, actor=personas.info_center)
    pk = UsageCircular.objects.get().pk
    base = f"/api/v1/usage-circulars/{pk}/"

    def step(person, transition, body=None, expect=200):
        login(person)
        response = client.post(f"{base}{transition}/", body or {}, content_type="application/json")
        client.logout()
        assert response.status_code == expect, response.content.decode()[:300]
        return response.json()

    login(personas.info_center)
    assert client.post(base, {"remarks": "本期运行平稳。"}, content_type="application/json").json()["remarks"] == "本期运行平稳。"
    listed = client.get("/api/v1/usage-circulars/").json()
    assert [c["id"] for c in listed] == [pk] and listed[0]["state"] == "draft"
    assert "submit" in client.get(base).json()["available_transitions"]
    client.logout()
    assert step(personas.info_center, "publish", expect=404)["detail"].startswith("没有“publish”")
    step(personas.clerk_a, "submit", expect=404)  # a department does not see a draft at all
    assert step(personas.info_center, "submit")["state"] == "awaiting_leader"
    step(personas.info_center, "approve", expect=403)  # the information center cannot report it itself
    step(city.dbs_director, "approve", expect=404)  # nor the 督办室 (it has not been reported yet)
    assert step(city.info_leader, "return", {"reason": ""}, expect=400)
    assert step(city.info_leader, "approve")["state"] == "reported"
    step(personas.info_center, "issue", expect=403)
    step(personas.head_b, "issue", expect=404)
    assert step(city.dbs_director, "send_back", {"reason": "请核对收文数。"})["return_reason"] == "请核对收文数。"
    step(city.dbs_director, "approve", expect=409)  # back in the draft: nothing to approve
    corrected = step(personas.info_center, "correct", {"reason": "核对收文数"})
    assert corrected["version"] == 2 and corrected["state"] == "draft"
    step(personas.info_center, "submit", {"remarks": "已核对收文数。"})
    step(city.dbs_director, "approve", expect=403)  # the 督办室 cannot approve for the information center
    step(city.info_leader, "approve")
    issued = step(city.dbs_leader, "issue", {"comment": "同意通报"})
    assert issued["state"] == "issued" and issued["number"] == "韶府督通〔2026〕1号" and issued["issuer_name"] == "市政府督办室"
    assert [h["action"] for h in issued["history"]] == [
        "prepare", "edit", "submit", "approve", "send_back", "correct", "submit", "approve", "issue"]
    assert issued["history"][0]["actor_name"] == personas.info_center.name and issued["history"][-1]["comment"] == "同意通报"
    assert issued["content"]["number"] == "韶府督通〔2026〕1号" and issued["history"][-1]["version"] == 2
    step(city.dbs_leader, "issue", expect=409)  # issued once
    login(personas.staff_b)
    assert client.get(base).json()["number"] == "韶府督通〔2026〕1号"  # issued: every department sees it
    assert client.get(f"{base}circular.docx").content[:2] == b"PK"


def test_the_scheduler_only_prepares_the_draft(personas, city, django_capture_on_commit_callbacks, sent):
    from oa.usage.services.reports import close_due_periods

    with django_capture_on_commit_callbacks(execute=True):
        close_period(period=OCT1)
        close_period(period=OCT1)  # again: the same draft
        close_due_periods(now=OCT1.end + timedelta(hours=1))
    assert UsageCircular.objects.filter(period="2026-10-1", state=S.DRAFT).count() == 1
    assert not any(event == "usage.circular.issued" for _, event, _ in sent)
    told = {group for group, *_ in sent}
    assert told == {f"person-{personas.info_center.pk}"}  # no department, no leader, no 督办室 before issue


def _issue(personas, city, period):
    close_period(period=period)
    circular = UsageCircular.objects.get(period=str(period))
    chain_service.circular_submit(actor=personas.info_center, circular_id=circular.pk)
    chain_service.circular_approve(actor=city.info_leader, circular_id=circular.pk)
    return chain_service.circular_issue(actor=city.dbs_director, circular_id=circular.pk)


def test_the_number_comes_from_the_supervision_series_and_counts_on(personas, city):
    first = _issue(personas, city, OCT1)
    second = _issue(personas, city, OCT1.next())
    assert (first.number, second.number) == ("韶府督通〔2026〕1号", "韶府督通〔2026〕2号")
    assert NumberSequence.objects.get(code="韶府督通", year=2026).last == 2
    NumberSeries.objects.filter(code="韶府督通").update(is_active=False)  # no active series: refused in words
    close_period(period=OCT1.next().next())
    third = UsageCircular.objects.get(period=str(OCT1.next().next()))
    chain_service.circular_submit(actor=personas.info_center, circular_id=third.pk)
    chain_service.circular_approve(actor=city.info_leader, circular_id=third.pk)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="没有启用的“通报”发文字号序列"):
        chain_service.circular_issue(actor=city.dbs_director, circular_id=third.pk)
    assert _state(third) == S.REPORTED and NumberSequence.objects.get(code="韶府督通", year=2026).last == 2


def test_issuing_tells_every_department_on_commit(personas, city, django_capture_on_commit_callbacks, sent):
    close_period(period=OCT1)
    circular = UsageCircular.objects.get()
    chain_service.circular_submit(actor=personas.info_center, circular_id=circular.pk)
    chain_service.circular_approve(actor=city.info_leader, circular_id=circular.pk)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        chain_service.circular_issue(actor=city.dbs_director, circular_id=circular.pk)
    assert callbacks and not sent  # nothing goes out before the commit
    for callback in callbacks:
        callback()
    issued = {(group, payload["url"]) for group, event, payload in sent if event == "usage.circular.issued"}
    for person, department in ((personas.clerk_a, personas.dept_a), (personas.leader_b, personas.dept_b),
                               (city.slj_clerk, city.slj), (city.sfb_head, city.sfb)):
        assert (f"person-{person.pk}", f"/usage/2026-10-1/departments/{department.pk}/") in issued


def _no_login_group(circular_or_report) -> str:
    attention = {a["problem"]: a["units"] for a in circular_or_report["attention"]}
    return attention.get("本期无人登录", "")


def test_the_bulletin_names_only_the_units_using_the_system(personas, city):
    """No trial: every department taking part in document exchange — not the approval-only 水利局, not the
    information center, not the 督办室."""
    report, _ = close_period(period=OCT1)
    words = report.data["bulletin"]
    names = [r["name"] for r in words["ranking"]]
    assert set(names) == {"甲局", "乙局", "韶关市人民政府办公室"}
    assert "全市共有3个单位使用办公系统" in words["summary"]
    silent = _no_login_group(words)
    assert "韶关市人民政府办公室" in silent and "水利局" not in silent and "督办室" not in silent
    assert "市信息中心" not in silent


def test_during_a_trial_the_participants_are_the_units(personas, city):
    from oa.trial.choices import TrialState, TrialSystem
    from oa.trial.models import TrialParticipant, TrialProgramme

    programme = TrialProgramme.objects.create(name="电子政务应用系统试运行", start_date=date(2026, 9, 20),
                                              end_date=date(2026, 10, 20), state=TrialState.RUNNING)
    for department in (personas.dept_a, personas.dept_b, city.dbs):  # the 督办室 listed by mistake: still not counted
        TrialParticipant.objects.create(programme=programme, department=department, system=TrialSystem.OFFICE)
    TrialParticipant.objects.create(programme=programme, department=city.slj, system=TrialSystem.APPROVAL)
    report, _ = close_period(period=OCT1)
    words = report.data["bulletin"]
    assert [r["name"] for r in words["ranking"]] == [r["name"] for r in report.data["table"]["rows"] if r["counted"]]
    assert {r["name"] for r in words["ranking"]} == {"甲局", "乙局"}
    assert "全市共有2个单位使用办公系统" in words["summary"] and "电子政务应用系统试运行的办公业务系统试运行单位" in words["notes"][-1]
    silent = _no_login_group(words)
    assert "水利局" not in silent and "督办室" not in silent and "韶关市人民政府办公室" not in silent
    rows = {r["name"]: r for r in report.data["table"]["rows"]}
    assert rows["水利局"]["rank"] is None and not rows["水利局"]["counted"]  # its own row stays, unranked


def test_a_correction_once_reported_is_refused_in_words(personas, city, client, login):
    close_period(period=OCT1)
    circular = UsageCircular.objects.get()
    chain_service.circular_submit(actor=personas.info_center, circular_id=circular.pk)
    chain_service.circular_approve(actor=city.info_leader, circular_id=circular.pk)
    login(personas.info_center)  # the dashboard's 更正 goes through the chain's step
    page = client.post("/usage/close/", {"period": "2026-10-1", "correct": "1", "reason": "数据更正"}, follow=True)
    assert "只能在信息中心拟稿时更正数据" in page.content.decode()
    circular.refresh_from_db()
    assert circular.bulletin.version == 1 and circular.state == S.REPORTED
