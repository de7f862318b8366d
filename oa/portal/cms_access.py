"""Who may enter Wagtail's admin (/cms/): the portal's editors only, and a clear refusal for the rest.

Wagtail answers a signed-in person without admin rights with a redirect to the login page, and our login
page sends a signed-in person back to `next` — a loop the browser gives up on. Every view under /cms/ is
wrapped here instead: such a person gets the Chinese 403 page (oa.core.errors.forbidden); an anonymous
visitor still goes to the login page (Wagtail's own redirect).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from wagtail.utils.urlpatterns import decorate_urlpatterns

from oa.org.permissions import can_edit_portal

REFUSAL = "门户内容管理仅供市信息中心和系统管理员使用，您的账户没有此权限。如需修改门户上的帮助、热线或常见问题，请联系市信息中心。"


def portal_editors_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated and not can_edit_portal(request.user):
            raise PermissionDenied(REFUSAL)
        return view(request, *args, **kwargs)

    return wrapped


def cms_urlpatterns(urlpatterns):
    """Wagtail's admin URL patterns, each view behind portal_editors_only."""
    return decorate_urlpatterns(urlpatterns, portal_editors_only)
