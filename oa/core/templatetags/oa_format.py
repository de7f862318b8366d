"""Formatting used across templates: dates the way official documents write them."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value):
    """2026年11月3日 — Arabic numerals, no leading zeros."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value):
    """2026年11月3日 09:05"""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def badge_count(value):
    from oa.core.todo import BADGE_CAP

    return f"{BADGE_CAP}+" if value and value > BADGE_CAP else (value or 0)


@register.filter
def as_json(value):
    """Ledger data and the like, as readable JSON (Chinese kept, not escaped)."""
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value not in (None, "", {}) else ""
