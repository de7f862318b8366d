"""收文 in the browser: the receiving clerk's open inbox shows the new document without reloading;
the clerk signs for, registers and sorts it (初审: 办件); the office director proposes the 主办 and the
leaders, 分管 then 主要; the 分管 leader, on a tablet, agrees from the 待办 list in two taps (同意拟办);
the 主要负责人 writes a 批示 in his own words; the 主办 circulates and finishes; the circulation shows
who has read and what they wrote."""

import re

import pytest

from documents.choices import DocumentState as S
from tests.browser.conftest import TABLET, shoot, until
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser


def _label(person):
    return f"{person.name}（{person.position}）" if person.position else person.name


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
    _dact(receiving, "screen-task", "来文齐全，作为办件")
    delivery_url = receiving.url

    director = _login(open_page, live_asgi, personas.director_b)
    director.goto(delivery_url)
    director.select_option("#id_assignee", label=_label(personas.staff_b))
    director.select_option("#id_leaders", label=_label(personas.leader_b))
    director.select_option("#id_final_leader", label=_label(personas.head_b))
    _dact(director, "propose", "拟请分管领导阅示，由办公室承办")

    # The 分管 leader on a tablet: from the 待办 list, the document (tap 1), 同意拟办 (tap 2).
    leader = _login(open_page, live_asgi, personas.leader_b, TABLET)
    leader.goto(f"{live_asgi}/todo/")
    taps = 0
    leader.click("text=关于报送试运行工作组名单的通知")
    taps += 1
    leader.wait_for_load_state("load")
    shoot(leader, "inbox-leader-tablet")
    leader.click("#oa-dact-agree")
    taps += 1
    leader.wait_for_load_state("load")
    assert taps <= 3 and leader.locator(".alert-success").count()
    assert re.search(personas.leader_b.name + r"：\s*同意拟办", leader.locator("#oa-instructions").inner_text())

    # The 局长 is asked only now, and writes his own 批示.
    head = _login(open_page, live_asgi, personas.head_b, TABLET)
    head.goto(delivery_url)
    head.fill("#id_text", "请办公室抓紧报送")
    _dact(head, "instruct")
    instructions = head.locator("#oa-instructions").inner_text()
    assert instructions.index("同意拟办") < instructions.index("请办公室抓紧报送")
    assert head.locator("#oa-delivery-state").inner_text() == "承办中"
    shoot(head, "inbox-instructed-tablet")

    staff = _login(open_page, live_asgi, personas.staff_b)
    staff.goto(delivery_url)
    staff.click("#oa-fold-circulate summary")
    staff.select_option("#id_readers", label=[f"乙局 · {p.name}（{p.position}）" for p in (personas.head_b, personas.director_b)])
    _dact(staff, "circulate", "请阅")
    head.goto(delivery_url)  # opening it records 已阅; the 局长 writes on it
    head.fill("#id_text", "阅。请按时报送。")
    _dact(head, "remark")
    staff.reload()
    readings = staff.locator(".oa-readings").inner_text()
    assert re.search(personas.head_b.name + r"\s*已阅", readings) and re.search(personas.director_b.name + r"\s*未阅", readings)
    assert "阅。请按时报送。" in readings
    _dact(staff, "complete", "已报送工作组名单")
    shoot(staff, "inbox-done")
    assert staff.locator("#oa-delivery-state").inner_text() == "已办结"
