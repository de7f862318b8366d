"""我的常用意见 on a tablet: reached from the person menu, phrases added and moved up with the page's own POST
forms, then on the 发文 办理 panel the person's own phrase comes first and one tap puts it into the opinion."""

import pytest

from documents.choices import DocumentState as S
from tests.browser.conftest import TABLET, shoot
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser


def test_my_phrases_on_a_tablet_and_on_the_panel(live_asgi, open_page, personas, draft, walk):
    document = walk(draft(title="关于开展安全生产检查的通知"), S.REVIEW)
    page = _login(open_page, live_asgi, personas.director_a, TABLET)
    page.goto(live_asgi + "/todo/")
    if page.locator(".navbar-toggler").is_visible():
        page.click(".navbar-toggler")
    page.click("#oa-person-menu")
    page.click("text=我的常用意见")
    page.wait_for_url(live_asgi + "/accounts/phrases/")
    for text in ("拟同意，请局长审签。", "请办公室先行核稿。"):
        page.fill("#id_text", text)
        page.click("#oa-phrase-add button[type=submit]")
        page.wait_for_load_state("load")
    page.click("[aria-label='上移“请办公室先行核稿。”']")
    page.wait_for_load_state("load")
    assert page.locator("#oa-my-phrases .oa-phrase-text").all_inner_texts() == ["请办公室先行核稿。", "拟同意，请局长审签。"]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shoot(page, "phrases-tablet")

    page.goto(f"{live_asgi}/documents/{document.pk}/")
    buttons = page.locator("#oa-action-form .oa-phrase").all_inner_texts()
    assert buttons[:3] == ["请办公室先行核稿。", "拟同意，请局长审签。", "已核，请签发。"]  # then the 核稿人's
    page.locator("#oa-action-form .oa-phrase").first.click()
    assert page.input_value("#id_opinion") == "请办公室先行核稿。"
