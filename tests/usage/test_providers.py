"""The provided columns: with the trial (oa.trial.usage) and notices (notices.usage) providers
installed, the half-month table shows their figures — numbers, not "—" — after a rebuild."""

from datetime import date

import pytest

from documents.choices import DocumentState as S
from oa.usage.figures import display, providers_present
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row
from oa.usage.services.rollup import rebuild

pytestmark = pytest.mark.django_db
OCT1 = Period.parse("2026-10-1")


@pytest.fixture
def provided(personas, half_month, clock, draft, walk):
    """On top of the half month: a trial running in October between A and B (one document A sends to
    B needs paper, A records it sent; B registers two classified paper-only items received), and a
    notice to A and B that one person of B opens."""
    from notices.choices import Audience
    from notices.services.editing import notice_create
    from notices.services.flow import notice_approve, notice_submit
    from notices.services.reading import notice_open
    from oa.org.choices import Role
    from oa.org.services.roles import role_grant
    from oa.trial.models import PaperRequirement, TransmissionRule
    from oa.trial.services.paper import PaperSent, paper_only_record, paper_record
    from oa.trial.services.programme import programme_create, programme_transition
    from tests.factories import PersonFactory

    p = personas
    clock.set(2026, 10, 9, 9, 0)
    TransmissionRule.objects.create(version=1, effective_from=date(2026, 9, 1), text="网上传输和纸质同步。")
    programme = programme_create(actor=p.info_center, name="电子政务应用系统试运行", start_date=date(2026, 10, 1),
                                 end_date=date(2026, 10, 31), participants={"office": [p.dept_a.pk, p.dept_b.pk]})
    programme_transition(actor=p.info_center, programme_id=programme.pk, action="start")
    clock.set(2026, 10, 9, 10, 0)
    document = walk(draft(title="关于报送试运行情况的通知"), S.DISPATCHED)
    requirement = PaperRequirement.objects.get(delivery__document=document)
    paper_record(actor=p.clerk_a, requirement_id=requirement.pk, sent=PaperSent(count=1, sent_on=date(2026, 10, 9),
                                                                                method="exchange"))

    clock.set(2026, 10, 10, 9, 0)
    paper_only_record(actor=p.clerk_b, counterpart_id=p.dept_a.pk, direction="received", count=2, on_date=date(2026, 10, 10))
    leader = PersonFactory(username="xxzx_leader", department=p.info_dept, position="副主任")
    role_grant(actor=None, person=leader, role=Role.LEADER, system=True)
    made = notice_create(actor=p.info_center, fields={"title": "关于开展操作培训的通知", "body": "各单位文书参加。",
                                                      "audience": Audience.DEPARTMENTS},
                         departments=[p.dept_a, p.dept_b], people=None)
    notice_submit(actor=p.info_center, notice_id=made.pk)
    notice_approve(actor=leader, notice_id=made.pk)
    clock.set(2026, 10, 11, 9, 0)
    notice_open(actor=p.clerk_b, notice_id=made.pk)
    clock.value = None


def test_the_provided_columns_show_numbers(personas, provided):
    assert {"trial", "notices"} <= providers_present()
    result = rebuild(OCT1)
    assert {"trial", "notices"} <= set(result["providers"])
    table = build_table(OCT1)
    assert "试运行" not in table["missing_providers"] and "通知公告" not in table["missing_providers"]
    a = department_row(table, personas.dept_a.pk)["figures"]
    b = department_row(table, personas.dept_b.pk)["figures"]
    assert a["paper_compliance"] == 1.0 and display("paper_compliance", a["paper_compliance"]) == "100.0%"
    assert b["paper_only"] == 2 and a["paper_only"] == 0
    assert b["notices_read_rate"] == 0.2  # 1 of B's 5 people opened it
    assert a["notices_read_rate"] == 0.0 and display("notices_read_rate", a["notices_read_rate"]) == "0.0%"  # not "—"
    # 2 online ÷ (2 online + 1 paper-only arrival from 甲局); the 2 classified paper-only items never lower it
    assert b["received"] == 2 and b["usage_rate"] == pytest.approx(2 / 3)


def test_a_running_period_shows_the_provided_figures_live(personas, provided, clock):
    """No rebuild, no close: while the half month runs, the table reads the modules' own counts."""
    from oa.usage.figures import PROVIDED
    from oa.usage.models import UsageFigure

    assert not UsageFigure.objects.filter(period=str(OCT1), code__in=list(PROVIDED)).exists()
    clock.set(2026, 10, 12, 9, 0)
    table = build_table(OCT1)
    assert table["live"] is True
    a = department_row(table, personas.dept_a.pk)["figures"]
    b = department_row(table, personas.dept_b.pk)["figures"]
    assert a["paper_compliance"] == 1.0 and b["paper_only"] == 2 and b["notices_read_rate"] == 0.2
    assert b["usage_rate"] == pytest.approx(2 / 3)  # live too: the classified items are not in it
    # What close will freeze is what the running table showed.
    clock.value = None
    assert department_row(build_table(OCT1), personas.dept_b.pk)["figures"]["notices_read_rate"] == 0.2


def test_the_usage_drill_down_lists_the_paper_only_items(personas, provided, login):
    """B's 使用率 counts two classified paper-only items: the drill-down (page, API, XLSX) shows them —
    date, counterpart and count, all such an item has — and A, which received none, lists none."""
    import io

    from openpyxl import load_workbook

    client = login(personas.info_center)
    page = client.get(f"/usage/2026-10-1/departments/{personas.dept_b.pk}/").content.decode()
    block = page[page.index('data-testid="items-paper-only"'):]
    block = block[:block.index("</tbody>")]
    assert "2026年10月10日" in block and personas.dept_a.short_name in block and "<td>2</td>" in block
    api = client.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_b.pk}/").json()
    assert api["items"]["paper_only"] == [{"on_date": "2026-10-10", "counterpart": personas.dept_a.short_name, "count": 2}]
    assert client.get(f"/api/v1/usage-reports/periods/2026-10-1/departments/{personas.dept_a.pk}/").json()[
        "items"]["paper_only"] == []
    workbook = load_workbook(io.BytesIO(client.get(
        f"/usage/2026-10-1/departments/{personas.dept_b.pk}/export.xlsx").content))
    rows = list(workbook["涉密纸质件"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in rows] == [(personas.dept_a.short_name, 2)] and rows[0][0].date() == date(2026, 10, 10)
