"""The 通知公告 pages: list tabs, drafting, the notice with its buttons, read status, export, home page."""

import io

import pytest
from openpyxl import load_workbook

from notices.choices import NoticeState as S
from notices.models import Notice
from oa.portal.seed import seed_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    return seed_portal()


def test_the_main_nav_links_to_notices(personas, client, login, portal):
    login(personas.clerk_a)
    body = client.get("/").content.decode()
    assert 'href="/notices/"' in body and "通知公告" in body


def test_drafting_submitting_and_approving_through_the_pages(personas, info_leader, client, login):
    login(personas.info_center)
    assert client.get("/notices/new/").status_code == 200
    response = client.post("/notices/new/", {
        "title": "关于开展办公业务系统培训的通知", "category": "training", "body": "一、培训时间\n11月9日上午。",
        "audience": "departments", "audience_departments": [personas.dept_a.pk, personas.dept_b.pk],
        "requires_receipt": "on", "expires_at": "2099-12-31T17:30",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Notice.objects.get()
    assert made.requires_receipt and made.expires_at.year == 2099
    edit = client.get(f"/notices/{made.pk}/edit/")
    assert edit.status_code == 200 and "declaration_accepted" in edit.content.decode()
    page = client.get(f"/notices/{made.pk}/").content.decode()
    assert 'id="oa-act-submit"' in page
    client.post(f"/notices/{made.pk}/act/submit/")
    assert Notice.objects.get().state == S.PENDING
    client.logout()
    login(info_leader)
    assert "关于开展办公业务系统培训的通知" in client.get("/todo/").content.decode()
    assert "关于开展办公业务系统培训的通知" in client.get("/notices/?tab=pending").content.decode()
    client.post(f"/notices/{made.pk}/act/return/", {"reason": ""})
    assert Notice.objects.get().state == S.PENDING  # refused: no reason
    client.post(f"/notices/{made.pk}/act/approve/")
    assert Notice.objects.get().state == S.PUBLISHED


def test_a_bad_form_shows_chinese_errors_and_saves_nothing(personas, client, login):
    login(personas.clerk_a)
    response = client.post("/notices/new/", {"title": "", "category": "notice", "body": "", "audience": "departments",
                                             "expires_at": "明天"})
    body = response.content.decode()
    assert response.status_code == 200 and "请填写标题" in body and "有效期格式有误" in body
    response = client.post("/notices/new/", {"title": "通知", "category": "notice", "body": "x", "audience": "departments"})
    assert response.status_code == 200 and "请至少选择一个单位" in response.content.decode()
    assert not Notice.objects.exists()


def test_people_who_may_not_draft_get_403(personas, client, login):
    login(personas.staff_a)
    assert client.get("/notices/new/").status_code == 403
    assert 'id="oa-new-notice"' not in client.get("/notices/").content.decode()


def test_reading_on_the_portal_and_confirming_the_receipt(portal, personas, notice, client, login):
    made = notice(publish=True, requires_receipt=True)
    login(personas.clerk_a)
    home = client.get("/").content.decode()
    assert made.title in home and "未读" in home
    page = client.get(f"/tongzhi/{made.pk}/").content.decode()
    assert 'id="oa-read-at"' in page and 'id="oa-confirm-receipt"' in page
    response = client.post(f"/notices/{made.pk}/receipt/", {"reply": "收到", "next": f"/tongzhi/{made.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/tongzhi/{made.pk}/"
    assert "已回执" in client.get(f"/tongzhi/{made.pk}/").content.decode()
    assert made.reads.get(person=personas.clerk_a).reply == "收到"


def test_the_board_puts_pinned_notices_first(portal, personas, notice, client, login):
    first = notice(publish=True, title="第一条普通通知")
    pinned = notice(publish=True, title="置顶的通知", pinned=True)
    last = notice(publish=True, title="最新普通通知")
    login(personas.clerk_a)
    body = client.get("/tongzhi/").content.decode()
    assert body.index(pinned.title) < body.index(last.title) < body.index(first.title)


def test_read_status_page_remind_and_export(portal, personas, notice, client, login):
    made = notice(publish=True, requires_receipt=True)
    client.logout()
    login(personas.clerk_a)
    client.get(f"/tongzhi/{made.pk}/")
    assert client.get(f"/notices/{made.pk}/reads/").status_code == 403
    client.logout()
    login(personas.info_center)
    page = client.get(f"/notices/{made.pk}/reads/").content.decode()
    assert "已阅 1 / 应阅 11" in page and 'id="oa-remind"' in page
    unread_b = client.get(f"/notices/{made.pk}/reads/?department={personas.dept_b.pk}&which=unread").content.decode()
    assert personas.clerk_b.name in unread_b and personas.clerk_a.name not in unread_b
    response = client.post(f"/notices/{made.pk}/remind/", follow=True)
    assert "已提醒 10 名未读人员" in response.content.decode()
    export = client.get(f"/notices/{made.pk}/reads.xlsx")
    assert export.status_code == 200
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("单位", "姓名", "职务", "阅读状态")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name[personas.clerk_a.name][3] == "已阅" and by_name[personas.clerk_b.name][3] == "未阅"
    assert by_name[personas.clerk_b.name][7] == 1 and len(rows) == 12


def test_the_read_export_writes_a_formula_like_position_as_text(portal, personas, notice, client, login):
    """Issue 15, finding 2: text typed by people (here a 职务) never becomes a formula in the export."""
    from tests.xlsx import text_cell

    personas.clerk_a.position = "@SUM(1+1)*cmd|' /C calc'!A0"
    personas.clerk_a.save(update_fields=["position"])
    made = notice(publish=True, requires_receipt=True)
    client.logout()
    login(personas.info_center)
    export = client.get(f"/notices/{made.pk}/reads.xlsx")
    assert export.status_code == 200 and text_cell(export.content, personas.clerk_a.position).column == 3


def test_the_list_tabs_render(personas, notice, client, login):
    notice(publish=True)
    login(personas.info_center)
    for tab in ("inbox", "published", "pending", "bogus"):
        assert client.get(f"/notices/?tab={tab}").status_code == 200
    assert "关于开展办公业务系统操作培训的通知" in client.get("/notices/?tab=published").content.decode()


def test_unknown_actions_and_bad_cursors_never_500(personas, notice, client, login):
    made = notice(publish=True)
    login(personas.clerk_a)
    assert client.post(f"/notices/{made.pk}/act/explode/").status_code == 302
    assert client.get("/notices/?tab=inbox&before=garbage").status_code == 200
    assert client.get("/api/v1/notices/?before=1~x~y").status_code == 200
    assert client.post(f"/notices/{made.pk}/act/withdraw/", {"reason": "x"}).status_code == 302
    assert Notice.objects.get(pk=made.pk).state == S.PUBLISHED


def test_the_information_center_edits_the_notice_column_in_the_cms(portal, personas, client, login):
    from notices.models import NoticeIndexPage

    column = NoticeIndexPage.objects.get()
    login(personas.info_center)
    assert client.get(f"/cms/pages/{column.pk}/edit/").status_code == 200
    client.logout()
    login(personas.clerk_a)
    assert client.get(f"/cms/pages/{column.pk}/edit/").status_code in (302, 403)


def test_the_board_pages_by_cursor_without_gaps_or_repeats(personas, notice):
    from notices.selectors import notice_board

    made = [notice(publish=True, title=f"通知{i}", pinned=i in (2, 5)) for i in range(7)]
    seen, cursor = [], ""
    while True:
        page = notice_board(personas.clerk_a, before=cursor, size=3)
        seen.extend(n.pk for n in page.rows)
        if not page.next:
            break
        cursor = page.next
    expected = [made[5].pk, made[2].pk] + [n.pk for n in reversed(made) if n.pk not in (made[5].pk, made[2].pk)]
    assert seen == expected
