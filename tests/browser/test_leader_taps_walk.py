"""The leader on a tablet (820×1180 portrait) and at a desk (1366×900): from 待办, 签发 takes at most 3 taps
within the password window, with the 签发密码 typed (typing is not a tap) too; a 收文's 批办 takes at most 3
taps (the row, a 批示 phrase, 批示 — the 拟办's 主办 stands). Taps are counted: every click this test makes
goes through `tap`. A wrong 签发密码 keeps the opinion and the handwriting."""

import pytest
from django.contrib.sessions.models import Session

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.models import Delivery, Document
from oa.org.services.sign_pin import SESSION_KEY, set_sign_pin
from tests.browser.conftest import DESKTOP, TABLET_PORTRAIT, log_in, shoot, until
from tests.documents.receiving import propose, to_proposing
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
VIEWPORTS = [pytest.param(DESKTOP, id="desktop"), pytest.param(TABLET_PORTRAIT, id="tablet")]
PIN = "260418"
PAINTED = ("(() => { const c = document.getElementById('oa-signature');"
           " return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v > 0); })()")


class Taps:
    """Every click of the test, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector):
        self.count += 1
        self.page.locator(selector).first.click()
        self.page.wait_for_load_state("load")


def _login(open_page, base, person, viewport):
    page = log_in(open_page, base, person, viewport)  # logging in is not part of the path from 待办
    page.goto(base + "/todo/")
    return page, Taps(page)


def _outside_the_window():
    """Forget the moment of the password login in every session, as when the window has run out."""
    for row in Session.objects.all():
        data = row.get_decoded()
        data.pop(SESSION_KEY, None)
        row.session_data = Session.objects.encode(data)
        row.save()


def _in_reach(page, selector):
    """On screen without scrolling: the 办理 bar stays at the foot of the viewport."""
    box, height = page.locator(selector).bounding_box(), page.viewport_size["height"]
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= height, (selector, box)


def _draw(page):
    page.locator("#oa-signature").evaluate("pad => pad.scrollIntoView({block: 'center', behavior: 'instant'})")  # as a finger would
    box = page.locator("#oa-signature").bounding_box()
    assert box["height"] >= 170 and box["width"] >= 300  # a large pad
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(12):
        page.mouse.move(box["x"] + 30 + step * 18, box["y"] + 40 + (step % 3) * 25)
    page.mouse.up()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_signing_from_todo_takes_at_most_three_taps(live_asgi, open_page, personas, draft, walk, viewport):
    document = walk(draft(), S.SIGNING)
    page, tap = _login(open_page, live_asgi, personas.leader_a, viewport)
    tap(f"main a:has-text('{document.title}')")
    assert page.locator("#oa-sign-fresh").inner_text().startswith("15分钟内已验证身份，可直接签发")
    _in_reach(page, "#oa-act-sign")
    # earlier opinions sit above the opinion box
    assert page.locator("#oa-trail").bounding_box()["y"] < page.locator("#id_opinion").bounding_box()["y"]
    shoot(page, f"leader-sign-{viewport['width']}")
    tap("#oa-act-sign")
    assert "已签发" in page.locator(".alert-success").first.inner_text()
    assert tap.count <= 3, tap.count
    assert Document.objects.get(pk=document.pk).state != S.SIGNING


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_signing_with_the_pin_typed_takes_at_most_three_taps(live_asgi, open_page, personas, draft, walk,
                                                            viewport):
    set_sign_pin(person=personas.leader_a, password=TEST_PASSWORD, pin=PIN)
    document = walk(draft(), S.SIGNING)
    page, tap = _login(open_page, live_asgi, personas.leader_a, viewport)
    _outside_the_window()  # the window is tested above; here it has run out
    tap(f"main a:has-text('{document.title}')")
    page.fill("#id_confirmation", PIN)  # typing, not a tap
    _in_reach(page, "#oa-act-sign")
    tap("#oa-act-sign")
    assert "已签发" in page.locator(".alert-success").first.inner_text()
    assert tap.count <= 3, tap.count


def test_a_wrong_pin_keeps_the_opinion_and_the_handwriting(live_asgi, open_page, personas, draft, walk):
    set_sign_pin(person=personas.leader_a, password=TEST_PASSWORD, pin=PIN)
    document = walk(draft(), S.SIGNING)
    page, tap = _login(open_page, live_asgi, personas.leader_a, TABLET_PORTRAIT)
    _outside_the_window()
    tap(f"main a:has-text('{document.title}')")
    tap(".oa-phrase >> text=同意")
    _draw(page)
    page.fill("#id_confirmation", "111112")
    tap("#oa-act-sign")
    assert "签发确认失败" in page.locator(".alert-danger").inner_text()
    assert page.input_value("#id_opinion") == "同意"
    assert page.input_value("#id_confirmation") == ""  # the code is never sent back
    until(page, PAINTED)
    shoot(page, "leader-sign-wrong-pin-tablet")
    assert Document.objects.get(pk=document.pk).state == S.SIGNING


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_instructing_a_delivery_from_todo_takes_at_most_three_taps(live_asgi, open_page, personas, draft, walk,
                                                                   viewport):
    document = walk(draft(), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    page, tap = _login(open_page, live_asgi, personas.leader_b, viewport)
    tap(f"main a:has-text('{document.title}')")
    # the 拟办 above the 批示 box; the 批示 button on screen
    assert page.locator("#oa-earlier").bounding_box()["y"] < page.locator("#id_text").bounding_box()["y"]
    _in_reach(page, "#oa-dact-instruct")
    shoot(page, f"leader-instruct-{viewport['width']}")
    tap("#oa-action-form .oa-phrase >> nth=0")
    tap("#oa-dact-instruct")
    assert tap.count <= 3, tap.count
    delivery.refresh_from_db()
    assert delivery.state == D.HANDLING and delivery.assignee == personas.staff_b  # the 拟办's 主办 stands
    assert page.locator(".alert-success").count()
