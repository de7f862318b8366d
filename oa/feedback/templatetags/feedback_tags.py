from django import template

from oa.feedback.worktime import minutes_per_day

register = template.Library()

STATE_BADGES = {"submitted": "danger", "accepted": "info", "in_progress": "primary", "resolved": "success",
                "confirmed": "secondary", "merged": "light border"}


@register.filter
def ticket_state_badge(state):
    return STATE_BADGES.get(state, "secondary")


@register.filter
def sla_badge(ticket, now=None):
    return ticket.sla_badge(now)


@register.filter
def working_duration(minutes):
    """Working minutes as 工作时 / 工作日: 95 -> "1小时35分钟"; 840 -> "2个工作日"."""
    if minutes is None:
        return "—"
    per_day = minutes_per_day()
    days, rest = divmod(int(minutes), per_day)
    hours, mins = divmod(rest, 60)
    parts = [f"{days}个工作日"] if days else []
    if hours:
        parts.append(f"{hours}小时")
    if mins or not parts:
        parts.append(f"{mins}分钟")
    return "".join(parts)
