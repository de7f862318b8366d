"""`{% flow_picture obj %}`: the small flow picture with 当前办理人 (oa/org/flow.py), on any page of an object
whose model has a registered workflow. Costs the names' query and whatever the current rules ask."""

from django import template

from oa.org.flow import flow_of

register = template.Library()


@register.inclusion_tag("includes/flow_picture.html")
def flow_picture(obj):
    return {"flow": flow_of(obj)}
