"""双轨试运行 in the browser: the sending clerk dispatches during the trial and records the paper copies;
the information center sees the document under "paper missing" once the rule's working days have
passed; the receiving clerk (on a tablet) confirms a short count and sees the discrepancy; once the
missing copy arrives and the document is signed for online, the information center sees it reconciled."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from oa.calendar import add_working_days
from oa.trial.choices import TrialSystem
from oa.trial.models import PaperRequirement, TransmissionRule
from oa.trial.services.programme import programme_create, programme_transition
from tests.browser.conftest import TABLET, shoot
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser
TITLE = "关于报送试运行工作组名单的通知"


def _ok(page):
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count(), page.locator(".alert").all_inner_texts()


def test_paper_recorded_confirmed_short_and_reconciled(live_asgi, open_page, personas, draft, walk):
    from oa.portal.seed import seed_portal

    seed_portal()
    today = timezone.localdate()
    TransmissionRule.objects.create(version=1, effective_from=today - timedelta(days=20), text="网上传输和纸质同步",
                                    paper_chase_working_days=3)
    programme = programme_create(actor=personas.info_center, name="电子政务应用系统试运行", start_date=today - timedelta(days=5),
                                 end_date=today + timedelta(days=25),
                                 participants={TrialSystem.OFFICE: [personas.dept_a.pk, personas.dept_b.pk]})
    programme_transition(actor=personas.info_center, programme_id=programme.pk, action="start")
    document = walk(draft(title=TITLE), S.DISPATCH)

    sending = _login(open_page, live_asgi, personas.clerk_a)
    sending.goto(f"{live_asgi}/documents/{document.pk}/")
    sending.click("#oa-act-dispatch")
    sending.wait_for_load_state("load")
    sending.goto(f"{live_asgi}/trial/paper/")
    sending.click(f"text={TITLE}")
    sending.fill("#id_count", "3")
    sending.fill("#id_copy_range", "000001-000003")
    sending.select_option("#id_method", label="交换站")
    sending.click("#oa-paper-record")
    _ok(sending)
    assert sending.locator("#oa-paper-state").inner_text() == "纸质件已送出"
    shoot(sending, "trial-paper-recorded")

    # Three working days pass without the paper being confirmed.
    requirement = PaperRequirement.objects.get(delivery__document=document)
    PaperRequirement.objects.filter(pk=requirement.pk).update(dispatched_on=add_working_days(today, -3))
    centre = _login(open_page, live_asgi, personas.info_center)
    centre.goto(f"{live_asgi}/trial/reconcile/?kind=paper_missing")
    assert TITLE in centre.locator("#oa-rec-rows").inner_text()
    shoot(centre, "trial-reconcile-missing")

    receiving = _login(open_page, live_asgi, personas.clerk_b, TABLET)
    receiving.goto(f"{live_asgi}/trial/paper/?tab=receive")
    receiving.click(f"text={TITLE}")
    receiving.fill("#id_count", "2")
    receiving.click("#oa-paper-confirm")
    _ok(receiving)
    assert "份数不符" in receiving.locator("#oa-received-count").inner_text()
    receiving.goto(f"{live_asgi}/trial/reconcile/?kind=count_mismatch")
    assert TITLE in receiving.locator("#oa-rec-rows").inner_text()
    shoot(receiving, "trial-reconcile-mismatch-tablet")
    receiving.locator("#oa-rec-rows button:has-text('催')").first.click()
    _ok(receiving)

    centre.reload()
    assert TITLE not in centre.locator("#oa-rec-rows").inner_text()

    # The missing copy arrives; the document is signed for online; the count is confirmed again.
    receiving.goto(f"{live_asgi}/inbox/{requirement.delivery_id}/")
    receiving.click("#oa-dact-sign_for")
    _ok(receiving)
    receiving.goto(f"{live_asgi}/trial/paper/{requirement.pk}/")
    receiving.fill("#id_count", "3")
    receiving.click("#oa-paper-confirm")
    _ok(receiving)
    assert receiving.locator("#oa-paper-kind").inner_text() == "已核对一致"

    centre.goto(f"{live_asgi}/trial/reconcile/?kind=reconciled")
    assert TITLE in centre.locator("#oa-rec-rows").inner_text()
    shoot(centre, "trial-reconcile-reconciled")
