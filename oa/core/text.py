"""Typed text that must be given and fit a limit: one rule, with each caller's own Chinese wording."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def text_error(value: str, limit: int, *, missing: str, too_long: str) -> str | None:
    """`missing` for an empty text, `too_long` for one over `limit` characters, else None."""
    if not value:
        return missing
    if len(value) > limit:
        return too_long
    return None


def required_text(value: str | None, what: str, limit: int, *, field: str | None = None, cut: bool = False) -> str:
    """The text stripped; a ValidationError “请填写{what}。” when empty, and “{what}不能超过 {limit} 个字。” when
    longer — unless `cut`, where a longer text is cut to `limit` (a step's reason or opinion). `field` puts
    the error on that field of the form."""
    value = (value or "").strip()
    if cut:
        value = value[:limit]
    problem = text_error(value, limit, missing=f"请填写{what}。", too_long=f"{what}不能超过 {limit} 个字。")
    if problem:
        raise ValidationError({field: problem} if field else problem)
    return value
