from django.conf import settings

from oa.core.navigation import admin_links, main_nav, personal_links


def layout(request):
    """What the base layout needs on every page: site name, navigation and the 待办 / 待阅 counts."""
    context = {"oa_site_name": settings.WAGTAIL_SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from oa.core.todo import request_counts

        counts = request_counts(request)  # reuses the sources /todo/ and the home page already listed
        context.update(todo_count=counts.to_do, todo_to_read=counts.to_read, nav_items=main_nav(request), admin_links=admin_links(user),
                       personal_links=personal_links(user))
    return context
