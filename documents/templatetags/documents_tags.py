from django import template

register = template.Library()

STATE_BADGES = {
    "draft": "secondary", "review": "info", "countersign": "info", "signing": "warning", "check": "info",
    "numbering": "primary", "sealing": "primary", "dispatch": "primary", "dispatched": "success",
    "archived": "dark", "voided": "danger",
}


@register.filter
def body_blocks(text):
    from documents.body import parse_body

    return parse_body(text or "")


@register.filter
def state_badge(state):
    return STATE_BADGES.get(state, "secondary")


@register.filter
def attachment_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
