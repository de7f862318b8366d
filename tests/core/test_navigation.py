"""The navigation is registered by the apps (AppConfig.ready) and shows in the same order as ever."""

from types import SimpleNamespace

from django.test import RequestFactory

from oa.core.navigation import admin_links, main_nav, personal_links


class Everyone:
    """Holds every role: each admin link's own predicate decides, none is left out."""

    is_authenticated = True
    department_id = 1

    def has_role(self, *roles):
        return True


class Nobody(Everyone):
    def has_role(self, *roles):
        return False


def test_the_main_navigation_in_its_order():
    request = RequestFactory().get("/documents/")
    request.user = Everyone()
    items = main_nav(request)
    assert [item["label"] for item in items] == ["待办", "发文", "收文", "通知公告", "双轨试运行", "统计", "档案", "问题反馈"]
    assert all(item["url"] for item in items)
    assert [item["label"] for item in items if item["active"]] == ["发文"]


def test_the_admin_links_in_their_order_each_for_its_own():
    assert [link["label"] for link in admin_links(Everyone())] == [
        "角色授权", "签发授权", "组织机构导入", "发文字号序列", "审计日志", "上传审核", "门户内容管理"]
    assert admin_links(Nobody()) == []
    assert admin_links(SimpleNamespace(is_authenticated=False, has_role=lambda *roles: True)) == []


def test_the_persons_own_links_for_everyone_signed_in():
    assert personal_links(Nobody()) == [{"label": "我的常用意见", "url": "/accounts/phrases/"}]
