"""The clerk's desk in the browser (issue 19), at desktop and tablet-portrait width, clicks counted by the page
itself (every click event, across page loads): a whole dispatch (编号 + 用印 + 核发) in ≤ 3 clicks from 待办;
签收 + 登记 of an arrived document in ≤ 2 clicks; 批量签收 from the 收文 待办; and /todo/ updating live with a
pop-up when another person sends work."""

import pytest

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.models import Delivery, Document
from tests.browser.conftest import DESKTOP, TABLET_PORTRAIT, shoot, until
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser

# Counts the person's clicks in sessionStorage, so that the count survives the page loads a step causes.
COUNT_CLICKS = """
document.addEventListener("click", function () {
  sessionStorage.setItem("oaClicks", String(Number(sessionStorage.getItem("oaClicks") || 0) + 1));
}, true);
"""
WIDTHS = [pytest.param(DESKTOP, id="desktop"), pytest.param(TABLET_PORTRAIT, id="tablet-portrait")]


def _counting(page):
    page.context.add_init_script(COUNT_CLICKS)
    return page


def _clicks(page) -> int:
    return int(page.evaluate("Number(sessionStorage.getItem('oaClicks') || 0)"))


@pytest.fixture
def portal(db):
    from oa.portal.seed import seed_portal

    seed_portal()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_whole_dispatch_in_three_clicks_from_todo(live_asgi, open_page, personas, draft, walk, portal, viewport):
    title = "关于做好年终安全检查工作的通知"
    document = walk(draft(title=title), S.NUMBERING)
    clerk = _counting(_login(open_page, live_asgi, personas.clerk_a, viewport))
    clerk.goto(f"{live_asgi}/todo/")
    shoot(clerk, f"clerk-todo-{viewport['width']}")
    clerk.click(f"#oa-todo-lists >> text={title}")
    clerk.wait_for_load_state("load")
    assert clerk.locator("#oa-act-issue").inner_text() == "编号、用印并核发"
    assert clerk.locator("#oa-act-number").count() == 1  # the single step stays
    shoot(clerk, f"clerk-document-numbering-{viewport['width']}")
    clerk.fill("#id_print_copies", "5")  # typed, not clicked
    clerk.click("#oa-act-issue")
    clerk.wait_for_load_state("load")
    assert "已编号、用印并核发" in clerk.locator(".alert-success").inner_text()
    document = Document.objects.get(pk=document.pk)
    assert document.state == S.DISPATCHED and document.print_copies == 5 and document.doc_number
    assert 2 <= _clicks(clerk) <= 3, _clicks(clerk)  # counted (the title, the button), within the budget


@pytest.mark.parametrize("viewport", WIDTHS)
def test_sign_for_and_register_in_two_clicks(live_asgi, open_page, personas, draft, walk, portal, viewport):
    titles = ["关于报送年度工作总结的通知", "关于开展消防演练的通知", "关于调整值班安排的通知"]
    for title in titles:
        walk(draft(title=title), S.DISPATCHED)
    clerk = _counting(_login(open_page, live_asgi, personas.clerk_b, viewport))
    clerk.goto(f"{live_asgi}/inbox/")
    assert clerk.locator("#oa-sign-batch-sign").is_visible()
    shoot(clerk, f"clerk-inbox-{viewport['width']}")
    clerk.click(f"#oa-inbox-rows >> text={titles[0]}")
    clerk.wait_for_load_state("load")
    shoot(clerk, f"clerk-delivery-pending-{viewport['width']}")
    clerk.click("#oa-dact-sign_and_register")
    clerk.wait_for_load_state("load")
    assert "已签收并登记" in clerk.locator(".alert-success").inner_text()
    first = Delivery.objects.get(title=titles[0], department=personas.dept_b)
    assert first.state == D.REGISTERED and first.register_number
    assert 2 == _clicks(clerk), _clicks(clerk)  # the title, 签收并登记: counted, within the budget of 2

    # 批量签收并登记: tick the other two, one click (the busy spinner must not swallow the button's value).
    clerk.goto(f"{live_asgi}/inbox/")
    for title in titles[1:]:
        pk = Delivery.objects.get(title=title, department=personas.dept_b).pk
        clerk.check(f"#oa-sign-{pk}")
    clerk.click("#oa-sign-batch-register")
    clerk.wait_for_load_state("load")
    assert "已签收并登记 2 件" in clerk.locator(".alert-success").inner_text()
    assert {d.state for d in Delivery.objects.filter(title__in=titles[1:], department=personas.dept_b)} == {D.REGISTERED}


def test_todo_updates_live_with_a_pop_up_when_work_arrives(live_asgi, open_page, personas, draft, walk, portal):
    title = "关于印发值班制度的通知"
    document = walk(draft(title=title), S.CHECK)
    clerk = _login(open_page, live_asgi, personas.clerk_a, TABLET_PORTRAIT)
    clerk.goto(f"{live_asgi}/todo/")
    until(clerk, "document.body.dataset.live === 'on'")
    assert title not in clerk.locator("#oa-todo-lists").inner_text()

    director = _login(open_page, live_asgi, personas.director_a)
    director.goto(f"{live_asgi}/documents/{document.pk}/")
    director.click("#oa-act-check")  # 复核通过: now it waits for the clerk's 编号
    director.wait_for_load_state("load")

    clerk.locator(f"#oa-todo-lists >> text={title}").wait_for(timeout=10000)  # no reload
    toast = clerk.locator("#oa-toasts .toast")
    toast.wait_for(timeout=5000)
    assert toast.inner_text().replace("\n", "").startswith("新的待办") and f"您有新的待办：{title}" in toast.inner_text()
    assert toast.locator("a").get_attribute("href") == f"/documents/{document.pk}/"
    assert clerk.locator("#oa-todo-badge").inner_text() != "0"
    shoot(clerk, "clerk-todo-live-pop-up-820")
