"""Screenshots pass the classification gate (held pictures arrive on release); a resolved ticket is
published to the portal FAQ; figures per department and category for the half-month report."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from oa.feedback.models import Ticket
from oa.feedback.selectors import ticket_figures
from oa.feedback.services.faq import ticket_publish_faq
from oa.feedback.services.flow import ticket_accept, ticket_merge, ticket_resolve
from oa.org.choices import Role
from oa.org.services.roles import role_grant
from oa.uploads.exceptions import UploadRefused
from oa.uploads.review import held_release
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.factories import PersonFactory
from tests.feedback.conftest import local

pytestmark = pytest.mark.django_db
GATE = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "内部"}


def _png(colour=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return SimpleUploadedFile("报错截图.png", buffer.getvalue(), content_type="image/png")


def test_a_held_screenshot_files_the_ticket_and_arrives_when_released(personas):
    from oa.feedback.services.reporting import ticket_report

    t = ticket_report(actor=personas.staff_a, fields={"category": "software", "severity": "normal", "description": "报错"},
                      screenshots=[(_png(), GATE)])
    shot = t.screenshots.get()
    assert shot.pending_review and not shot.file and "保密员审核" in t.entries.last().text
    held_release(actor=personas.security_officer_a, record_id=shot.upload_record_id, reason="截图不涉密")
    shot.refresh_from_db()
    assert not shot.pending_review and shot.file and shot.size > 0
    assert "审核放行" in t.entries.last().text


def test_an_unticked_declaration_files_nothing(personas):
    from oa.feedback.services.reporting import ticket_report

    with pytest.raises(UploadRefused):
        ticket_report(actor=personas.staff_a, fields={"category": "software", "description": "报错"},
                      screenshots=[(_png(), {**GATE, "declaration_accepted": False})])
    assert not Ticket.objects.exists()


def test_the_page_form_reports_with_a_screenshot(personas, login, client):
    login(personas.staff_a)
    response = client.post("/feedback/new/", {"category": "software", "severity": "urgent", "description": "无法保存",
                                              "page": "/todo/", "screenshots": [_png()], **GATE},
                           HTTP_USER_AGENT="Chromium/1")
    t = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feedback/{t.pk}/"
    assert t.page_label == "待办" and t.user_agent == "Chromium/1" and t.screenshots.count() == 1
    bad = client.post("/feedback/new/", {"category": "", "description": ""})
    assert bad.status_code == 200 and "请选择问题类别" in bad.content.decode() and Ticket.objects.count() == 1


def test_publish_a_resolved_ticket_to_the_portal_faq(personas, ticket):
    from oa.portal.models import FaqPage
    from oa.portal.seed import seed_portal

    seed_portal()
    t = ticket()
    ticket_accept(actor=personas.info_center, ticket_id=t.pk)
    ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="清除浏览器缓存后重新登录。")
    before = len(FaqPage.objects.get().questions)
    ticket_publish_faq(actor=personas.info_center, ticket_id=t.pk, question="发文列表打不开怎么办？",
                       answer="清除浏览器缓存后重新登录。\n<script>x</script>")
    page = FaqPage.objects.get()
    assert len(page.questions) == before + 1 and page.live
    last = page.questions[-1].value
    assert last["question"] == "发文列表打不开怎么办？" and "&lt;script&gt;" in last["answer"].source
    assert page.get_latest_revision().user == personas.info_center
    from oa.feedback.services.errors import Conflict

    with pytest.raises(Conflict):  # once only
        ticket_publish_faq(actor=personas.info_center, ticket_id=t.pk, question="q", answer="a")


def test_figures_per_department_and_category_for_the_half_month_report(personas, ticket):
    start, end = local(2026, 11, 16, 0, 0).date(), local(2026, 11, 30, 0, 0).date()
    a1 = ticket(category="network", now=local(2026, 11, 18, 9, 0))
    a2 = ticket(category="network", now=local(2026, 11, 18, 10, 0))
    ticket(category="suggestion", now=local(2026, 11, 19, 9, 0))
    dup = ticket(category="network", now=local(2026, 11, 18, 11, 0))
    ticket(actor=personas.staff_b, category="account", now=local(2026, 11, 20, 9, 0))
    ticket(category="network", now=local(2026, 11, 2, 9, 0))  # the previous half-month
    ticket_merge(actor=personas.info_center, ticket_id=dup.pk, into_id=a1.pk)
    for t, done in ((a1, local(2026, 11, 18, 10, 0)), (a2, local(2026, 11, 19, 10, 0))):
        ticket_accept(actor=personas.info_center, ticket_id=t.pk)
        ticket_resolve(actor=personas.info_center, ticket_id=t.pk, text="已处理")
        Ticket.objects.filter(pk=t.pk).update(resolved_at=done)
    rows = ticket_figures(personas.dept_a, start, end)
    by_category = {r.category: r for r in rows}
    assert set(by_category) == {"network", "suggestion"}
    network = by_category["network"]
    assert (network.reported, network.resolved) == (2, 2)  # the merged duplicate is not counted
    assert network.median_minutes == (60 + 420) // 2  # 1 h and 7 h (a working day), in working minutes
    assert by_category["suggestion"].resolved == 0 and by_category["suggestion"].median_minutes is None
    everyone = ticket_figures(None, start, end)
    assert {(r.department_id, r.category) for r in everyone} >= {(personas.dept_b.pk, "account")}
    assert everyone[0].department_id == personas.dept_a.pk or everyone[0].department_id == personas.dept_b.pk


def test_escalation_goes_to_a_leader_of_the_information_center_only(personas):
    from oa.feedback.services.watch import escalation_ids

    leader = PersonFactory(username="xxzx_head", department=personas.info_dept)
    role_grant(actor=None, person=leader, role=Role.PRINCIPAL_HEAD, system=True)
    assert escalation_ids() == {leader.pk}  # not department A's or B's leaders


def test_faults_feed_the_half_month_usage_report(personas, ticket):
    from oa.feedback.usage import usage_counts
    from oa.usage.figures import providers_present
    from oa.usage.periods import Period

    period = Period.containing(local(2026, 11, 18, 9, 0))
    fault = ticket(category="network", now=local(2026, 11, 18, 9, 0))
    ticket(category="suggestion", now=local(2026, 11, 19, 9, 0))  # not a fault
    ticket(actor=personas.staff_b, category="account", now=local(2026, 11, 20, 9, 0))
    ticket(category="data", now=local(2026, 11, 2, 9, 0))  # the previous half month
    ticket_accept(actor=personas.info_center, ticket_id=fault.pk)
    ticket_resolve(actor=personas.info_center, ticket_id=fault.pk, text="已处理")
    Ticket.objects.filter(pk=fault.pk).update(resolved_at=local(2026, 11, 18, 10, 0))
    assert "feedback" in providers_present()
    assert usage_counts(start=period.start, end=period.end) == {
        personas.dept_a.pk: {"faults_reported": 1, "faults_resolved": 1},
        personas.dept_b.pk: {"faults_reported": 1, "faults_resolved": 0},
    }


def test_the_page_form_without_the_tick_names_the_tick_not_the_screening(personas, login, client):
    """Forgetting the 承诺 is not a failed 密级检查: the message asks for the tick, beside it, and keeps what was typed."""
    login(personas.staff_a)
    response = client.post("/feedback/new/", {"category": "software", "severity": "urgent", "description": "无法保存",
                                              "page": "/todo/", "screenshots": [_png()],
                                              **{**GATE, "declaration_accepted": ""}})
    body = response.content.decode()
    assert response.status_code == 200 and not Ticket.objects.exists()
    assert "请先阅读并勾选承诺" in body and "oa-declaration-error" in body
    assert "未通过密级检查" not in body
    assert "无法保存" in body  # the description stays, and the chosen severity
    assert re.search(r'<input type="radio" name="severity" value="urgent"[^>]*\bchecked\b', body)
