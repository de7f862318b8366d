"""问题反馈 in the browser: a clerk reports a fault from a document page with a screenshot, the
information center sees it arrive in the console without reloading, accepts and resolves it, and
the clerk — page left open — sees the change live and confirms. Desktop and tablet."""

import io

import pytest
from PIL import Image

from documents.services.drafting import document_create
from oa.feedback.models import Ticket
from tests.browser.conftest import DESKTOP, TABLET, shoot, until
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser


def _screenshot(tmp_path):
    path = tmp_path / "报错截图.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (220, 60, 60)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("viewport,name", [(DESKTOP, "desktop"), (TABLET, "tablet")])
def test_fault_from_a_document_page_to_confirmation(live_asgi, open_page, personas, tmp_path, viewport, name):
    from oa.portal.seed import seed_portal

    seed_portal()
    document = document_create(actor=personas.clerk_a, fields={"title": "关于报送2006年度工作总结的通知",
                                                                "body": "各科室：请于11月底前报送。"},
                               main=[personas.dept_b], copy=[], countersigners=[])

    # The information center watches its console, socket open.
    center = _login(open_page, live_asgi, personas.info_center)
    center.goto(f"{live_asgi}/feedback/")
    until(center, "document.body.dataset.live === 'on'")
    assert center.locator(".oa-console-row").count() == 0

    # The clerk, on the document page, clicks 问题反馈: the form already knows the document and its state.
    clerk = _login(open_page, live_asgi, personas.clerk_a, viewport)
    clerk.goto(f"{live_asgi}/documents/{document.pk}/")
    clerk.click("#oa-feedback-button")  # on screen at every width, never inside the ☰ menu
    clerk.wait_for_load_state("load")
    assert clerk.locator("#oa-context-document").inner_text() == document.title
    assert clerk.locator("#oa-context-state").inner_text() == "拟稿"
    assert "8891904" in clerk.locator("#oa-hotline").inner_text()
    clerk.select_option("#id_category", "software")
    clerk.check("#id_severity_0")
    clerk.fill("#id_description", "点击“送审”后页面一直转圈，无法提交。")
    clerk.set_input_files("#id_screenshots", str(_screenshot(tmp_path)))
    clerk.select_option("#id_declared_level", "内部")
    clerk.check("#id_declaration_accepted")
    shoot(clerk, f"feedback-form-{name}")
    clerk.click("#oa-ticket-submit")
    clerk.wait_for_load_state("load")
    assert clerk.locator("#oa-ticket-state").inner_text() == "已提交", clerk.locator(".alert").all_inner_texts()
    ticket = Ticket.objects.get()
    assert ticket.document_id == document.pk and ticket.object_state == "拟稿" and ticket.screenshots.count() == 1
    assert "Chrom" in ticket.user_agent
    until(clerk, "document.body.dataset.live === 'on'")

    # Arrives in the console without a reload: urgent, with its response deadline.
    row = center.locator(f".oa-console-row[data-ticket='{ticket.pk}']")
    row.wait_for(timeout=10000)
    assert "紧急" in row.inner_text() and document.title[:10] in row.inner_text()
    shoot(center, f"feedback-console-{name}")
    row.locator("a").first.click()
    center.wait_for_load_state("load")
    center.click("#oa-act-accept")
    center.wait_for_load_state("load")
    assert center.locator("#oa-ticket-state").inner_text() == "已受理"

    # The clerk's page (not reloaded) follows.
    clerk.locator("#oa-ticket-state:has-text('已受理')").wait_for(timeout=10000)
    center.fill("#id_text", "服务器会话超时配置有误，已调整，请重试。")
    center.click("#oa-act-resolve")
    center.wait_for_load_state("load")
    assert center.locator("#oa-ticket-state").inner_text() == "已解决"
    shoot(center, f"feedback-resolved-{name}")

    clerk.locator("#oa-act-confirm").wait_for(timeout=10000)
    assert "会话超时" in clerk.locator("#oa-ticket-resolution").inner_text()
    clerk.click("#oa-act-confirm")
    clerk.wait_for_load_state("load")
    assert clerk.locator("#oa-ticket-state").inner_text() == "已确认"
    shoot(clerk, f"feedback-confirmed-{name}")
    ticket.refresh_from_db()
    assert ticket.state == "confirmed" and not ticket.auto_confirmed
