"""Forgetting the 承诺 on the 问题反馈 form: the page asks for the tick and the chosen screenshot stays chosen (the
submit never leaves the browser); ticking it then files the ticket with the screenshot. Desktop and tablet."""

import io

import pytest
from PIL import Image

from oa.feedback.models import Ticket
from tests.browser.conftest import DESKTOP, shoot
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser
PORTRAIT = {"width": 820, "height": 1180}


@pytest.mark.parametrize("viewport,name", [(DESKTOP, "desktop"), (PORTRAIT, "tablet")])
def test_a_forgotten_tick_keeps_the_chosen_screenshot(live_asgi, open_page, personas, tmp_path, viewport, name):
    picture = tmp_path / "报错截图.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (220, 60, 60)).save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())

    page = _login(open_page, live_asgi, personas.clerk_a, viewport)
    page.goto(f"{live_asgi}/feedback/new/")
    page.select_option("#id_category", "software")
    page.fill("#id_description", "点击“送审”后页面一直转圈。")
    page.set_input_files("#id_screenshots", str(picture))
    page.select_option("#id_declared_level", "内部")
    page.click("#oa-ticket-submit")  # the 承诺 not ticked

    note = page.locator(".oa-declaration-missing")
    assert note.is_visible() and note.inner_text().startswith("请勾选承诺")
    assert page.url == f"{live_asgi}/feedback/new/"
    assert page.evaluate("document.querySelector('#id_screenshots').files[0].name") == "报错截图.png"
    assert page.input_value("#id_description") == "点击“送审”后页面一直转圈。"
    assert not Ticket.objects.exists()
    shoot(page, f"feedback-untick-{name}")

    page.check("#id_declaration_accepted")
    assert not note.is_visible()
    page.click("#oa-ticket-submit")
    page.wait_for_load_state("load")
    assert page.locator("#oa-ticket-state").inner_text() == "已提交"
    assert Ticket.objects.get().screenshots.get().name == "报错截图.png"
