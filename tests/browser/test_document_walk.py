"""发文 in the browser: staff drafts, the office director reviews, a leader signs on a tablet
(signature drawn with a finger, password confirmed), the clerk numbers, seals and dispatches."""

import re

import pytest

from documents.models import Document
from tests.browser.conftest import TABLET, log_in, shoot, until
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


_login = log_in


def _act(page, action, opinion=None):
    if opinion:
        page.fill("#id_opinion", opinion)
    page.click(f"#oa-act-{action}")
    page.wait_for_load_state("load")
    alert = page.locator(".alert-success")
    assert alert.count() and "已" in alert.first.inner_text(), page.locator(".alert").all_inner_texts()


@pytest.fixture
def no_sign_window(settings):
    """The password is asked at every 签发 (set before the server starts; the window is test_leader_taps_walk's)."""
    settings.OA_SIGN_WINDOW_MINUTES = 0


def test_document_from_draft_to_dispatch(no_sign_window, live_asgi, open_page, personas):
    from oa.portal.seed import seed_portal

    seed_portal()
    staff = _login(open_page, live_asgi, personas.staff_a)
    staff.click("text=发文")
    staff.click("#oa-new-document")
    staff.fill("#id_title", "关于做好电子政务应用系统试运行有关工作的通知")
    staff.fill("#id_body", "一、切实加强领导\n各单位要成立试运行工作组。\n（一）明确分工\n由分管领导任组长。\n|序号|单位|联系人|\n|1|乙局|张三|")
    staff.check(f"#id_main_departments_{personas.dept_b.pk}")
    staff.click("#oa-save-draft")
    staff.wait_for_url(re.compile(r"/documents/\d+/$"))
    document_id = int(re.search(r"/documents/(\d+)/", staff.url).group(1))
    assert "切实加强领导" in staff.locator(".oa-paper").inner_text()
    _act(staff, "submit")
    shoot(staff, "document-submitted")

    director = _login(open_page, live_asgi, personas.director_a)
    director.goto(f"{live_asgi}/documents/")
    director.click("text=关于做好电子政务应用系统试运行有关工作的通知")
    director.click(".oa-phrase >> text=已核，请签发。")
    _act(director, "review")

    leader = _login(open_page, live_asgi, personas.leader_a, TABLET)
    leader.goto(f"{live_asgi}/documents/{document_id}/")
    leader.click(".oa-phrase >> text=同意")
    leader.locator("#oa-signature").evaluate("pad => pad.scrollIntoView({block: 'center', behavior: 'instant'})")  # the panel scrolls
    box = leader.locator("#oa-signature").bounding_box()
    leader.mouse.move(box["x"] + 20, box["y"] + 60)
    leader.mouse.down()
    for step in range(12):
        leader.mouse.move(box["x"] + 30 + step * 18, box["y"] + 40 + (step % 3) * 25)
    leader.mouse.up()
    # 签发 without the password is refused: the page comes back with the opinion and the drawing on the pad.
    leader.click("#oa-act-sign")
    leader.wait_for_load_state("load")
    assert "请输入签发密码" in leader.locator(".alert-danger").inner_text()
    assert leader.input_value("#id_opinion") == "同意"
    until(leader, "(() => { const c = document.getElementById('oa-signature');"
                  " return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0); })()")
    leader.fill("#id_confirmation", TEST_PASSWORD)
    shoot(leader, "document-signing-tablet")
    _act(leader, "sign")
    assert leader.locator(".oa-trail-signature").count() == 1
    shoot(leader, "document-signed-tablet")

    director.goto(f"{live_asgi}/documents/{document_id}/")
    _act(director, "check")

    clerk = _login(open_page, live_asgi, personas.clerk_a)
    clerk.goto(f"{live_asgi}/documents/{document_id}/")
    _act(clerk, "number")
    number = clerk.locator("#oa-document-number").inner_text()
    assert re.match(r"^[\u4e00-\u9fa5]+〔\d{4}〕[1-9]\d*号$", number)
    _act(clerk, "seal")
    _act(clerk, "dispatch")
    shoot(clerk, "document-dispatched")
    assert Document.objects.get(pk=document_id).deliveries.count() == 1
    assert clerk.locator("#oa-document-state").inner_text() == "已核发"
