from django import template

register = template.Library()

STATE_BADGES = {"draft": "secondary", "pending": "warning", "published": "success", "withdrawn": "dark", "expired": "light"}


@register.filter
def notice_badge(state):
    return STATE_BADGES.get(state, "secondary")


@register.simple_tag
def notice_link(notice, index=None):
    """The notice's own portal page (or the plain page when the portal has no notice column)."""
    from notices.selectors import notice_url

    return notice_url(notice.pk, index)
