"""The main navigation and the person menu, in one place."""

from django.urls import NoReverseMatch, reverse

from oa.org import permissions
from oa.uploads.permissions import can_see_review_queue

# (label, url name). A module not yet built has no url name and shows as "建设中".
MAIN_NAV = [
    ("待办", "todo"),
    ("发文", "documents"),
    ("收文", "inbox"),
    ("通知公告", "notices"),
    ("双轨试运行", "trial"),
    ("统计", "usage"),
    ("问题反馈", "feedback"),
]

ADMIN_LINKS = [
    ("角色授权", "org-roles", permissions.can_grant_roles),
    ("组织机构导入", "org-import", permissions.may_import),
    ("审计日志", "audit-ledger", permissions.can_read_ledger),
    ("上传审核", "uploads-review", can_see_review_queue),
    ("门户内容管理", "wagtailadmin_home", permissions.can_edit_portal),
]


def _url(name):
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def main_nav(request) -> list[dict]:
    items = []
    for label, name in MAIN_NAV:
        url = _url(name)
        items.append({"label": label, "url": url, "active": bool(url) and request.path.startswith(url)})
    return items


def admin_links(person) -> list[dict]:
    return [{"label": label, "url": _url(name)} for label, name, allowed in ADMIN_LINKS if allowed(person)]
