"""收文 in the browser: the receiving clerk's open inbox shows the new document without reloading;
the clerk signs for and registers it; the office director proposes; a leader instructs; the
assignee circulates and finishes; the circulation shows who has read."""

import re

import pytest

from documents.choices import DocumentState as S
from tests.browser.conftest import TABLET, shoot, until
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser


def _dact(page, action, text=None):
    if text is not None:
        page.fill("#id_text", text)
    page.click(f"#oa-dact-{action}")
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count(), page.locator(".alert").all_inner_texts()


def test_incoming_document_from_arrival_to_done(live_asgi, open_page, personas, draft, walk):
    from oa.portal.seed import seed_portal

    seed_portal()
    document = walk(draft(title="关于报送试运行工作组名单的通知"), S.DISPATCH)

    receiving = _login(open_page, live_asgi, personas.clerk_b)
    receiving.goto(f"{live_asgi}/inbox/")
    until(receiving, "document.body.dataset.live === 'on'")
    assert "关于报送试运行工作组名单的通知" not in receiving.locator("#oa-inbox-rows").inner_text()

    sending = _login(open_page, live_asgi, personas.clerk_a)
    sending.goto(f"{live_asgi}/documents/{document.pk}/")
    sending.click("#oa-act-dispatch")
    sending.wait_for_load_state("load")

    # No reload: the socket's hint makes htmx fetch the rows again.
    receiving.locator("#oa-inbox-rows >> text=关于报送试运行工作组名单的通知").wait_for(timeout=10000)
    assert receiving.locator("#oa-todo-badge").inner_text() != "0"
    shoot(receiving, "inbox-arrived")
    receiving.click("text=关于报送试运行工作组名单的通知")
    _dact(receiving, "sign_for")
    _dact(receiving, "register")
    assert receiving.locator("#oa-register-number").inner_text().startswith("收〔")
    delivery_url = receiving.url

    director = _login(open_page, live_asgi, personas.director_b)
    director.goto(delivery_url)
    _dact(director, "propose", "拟请分管领导阅示，由办公室承办")

    leader = _login(open_page, live_asgi, personas.leader_b, TABLET)
    leader.goto(delivery_url)
    leader.fill("#id_text", "请办公室抓紧报送")
    leader.select_option("#id_assignee", label=personas.staff_b.name)
    _dact(leader, "instruct")
    assert "请办公室抓紧报送" in leader.locator("#oa-instruction").inner_text()
    shoot(leader, "inbox-instructed-tablet")

    staff = _login(open_page, live_asgi, personas.staff_b)
    staff.goto(delivery_url)
    staff.select_option("#id_readers", label=[f"乙局 · {p.name}（{p.position}）" for p in (personas.head_b, personas.director_b)])
    _dact(staff, "circulate", "请阅")
    head = _login(open_page, live_asgi, personas.head_b)
    head.goto(delivery_url)  # opening it records 已阅
    staff.reload()
    readings = staff.locator(".oa-readings").inner_text()
    assert re.search(personas.head_b.name + r"\s*已阅", readings) and re.search(personas.director_b.name + r"\s*未阅", readings)
    _dact(staff, "complete", "已报送工作组名单")
    shoot(staff, "inbox-done")
    assert staff.locator("#oa-delivery-state").inner_text() == "已办结"
