"""通知公告 in the browser: the information center drafts a notice for two departments, a leader of
the information center approves it, a clerk in one of those departments sees it arrive on the
portal home page without reloading and opens it, and the publisher sees that clerk as read and the
other department as unread."""

import pytest

from notices.models import Notice
from oa.org.choices import Role
from oa.org.services.roles import role_grant
from tests.browser.conftest import TABLET, shoot, until
from tests.browser.test_document_walk import _login
from tests.factories import PersonFactory

pytestmark = pytest.mark.browser

TITLE = "关于举办办公业务系统操作培训的通知"


def test_notice_from_draft_to_read_receipt(live_asgi, open_page, personas):
    from oa.portal.seed import seed_portal

    seed_portal()
    info_leader = PersonFactory(username="xxzx_leader", name="陈其宏", department=personas.info_dept, position="副主任")
    role_grant(actor=None, person=info_leader, role=Role.LEADER, system=True)

    # The information center drafts and submits.
    author = _login(open_page, live_asgi, personas.info_center)
    author.click("text=通知公告")
    author.click("#oa-new-notice")
    author.fill("#id_title", TITLE)
    author.select_option("#id_category", "training")
    author.fill("#id_body", "一、培训对象\n各单位文书、信息员。\n二、培训时间\n|期次|时间|\n|第一期|11月9日上午|\n|第二期|11月10日上午|")
    author.select_option("#id_audience", "departments")
    author.select_option("#id_audience_departments", [str(personas.dept_a.pk), str(personas.dept_b.pk)])
    author.check("#id_requires_receipt")
    author.click("#oa-save")
    author.wait_for_load_state("load")
    assert author.locator(".alert-success").count(), author.locator(".alert").all_inner_texts()
    shoot(author, "notice-draft")
    author.click("#oa-act-submit")
    author.wait_for_load_state("load")
    assert author.locator("#oa-notice-state").inner_text() == "待审核"
    notice = Notice.objects.get(title=TITLE)

    # A clerk of department A waits on the portal home page (tablet), live socket open.
    clerk = _login(open_page, live_asgi, personas.clerk_a, TABLET)
    until(clerk, "document.body.dataset.live === 'on'")
    assert TITLE not in clerk.locator("#oa-home-notices").inner_text()

    # A leader of the information center approves.
    leader = _login(open_page, live_asgi, info_leader)
    leader.goto(f"{live_asgi}/notices/{notice.pk}/")
    shoot(leader, "notice-pending")
    leader.click("#oa-act-approve")
    leader.wait_for_load_state("load")
    assert leader.locator("#oa-notice-state").inner_text() == "已发布"

    # No reload: the hint makes htmx fetch the home list again; the notice is marked unread.
    row = clerk.locator(f"#oa-home-notices .oa-board-row:has-text('{TITLE}')")
    row.wait_for(timeout=10000)
    assert "未读" in row.inner_text()
    clerk.locator("#oa-read-badge").wait_for(state="attached", timeout=10000)  # 待阅, not 待办 (issue 19)
    assert clerk.locator("#oa-read-badge").inner_text().startswith("阅 ")
    shoot(clerk, "notice-arrived-tablet")
    row.locator("a.oa-board-title").click()
    clerk.wait_for_load_state("load")
    assert clerk.locator("#oa-notice-title").inner_text() == TITLE
    assert clerk.locator("#oa-read-at").inner_text().startswith("已阅")
    clerk.fill("#id_reply", "已收到，派2人参加第一期")
    clerk.click("#oa-confirm-receipt")
    clerk.wait_for_load_state("load")
    assert "已回执" in clerk.locator("#oa-receipt-done").inner_text()
    shoot(clerk, "notice-read-tablet")

    # The publisher: the clerk has read, department B has not.
    author.goto(f"{live_asgi}/notices/{notice.pk}/reads/")
    summary = author.locator("#oa-read-summary")
    row_a = summary.locator(f"tr[data-department='{personas.dept_a.pk}']")
    row_b = summary.locator(f"tr[data-department='{personas.dept_b.pk}']")
    assert row_a.locator("td").nth(2).inner_text() == "1"
    assert row_b.locator("td").nth(2).inner_text() == "0"
    assert row_b.locator(".oa-unread-figure").inner_text() == row_b.locator("td").nth(1).inner_text()
    people = author.locator("#oa-read-people")
    assert "已阅" in people.locator(f"tr[data-person='{personas.clerk_a.username}']").inner_text()
    assert "未阅" in people.locator(f"tr[data-person='{personas.clerk_b.username}']").inner_text()
    shoot(author, "notice-reads")
    author.click("#oa-remind")
    author.wait_for_load_state("load")
    assert "已提醒" in author.locator(".alert-success").inner_text()
