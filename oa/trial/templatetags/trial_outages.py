"""{% outage_banner %}: the 系统停机公告 shown on the portal home and the trial pages."""

from django import template

register = template.Library()


@register.inclusion_tag("trial/_outage_banner.html", takes_context=True)
def outage_banner(context):
    from oa.trial.selectors import outage_notices

    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {"outages": outage_notices() if signed_in else [], "clerk": signed_in and "clerk" in user.role_set}
