"""Typed text that must be given and fit a limit: one rule, with each caller's own Chinese wording."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# C0 control characters other than tab, line feed and carriage return (and DEL): invisible, meaningless in a
# 公文, and refused by XML — a DOCX holding one cannot be written.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def refuse_control_characters(fields: dict[str, object], labels: dict[str, str] | None = None) -> None:
    """A ValidationError, on each field whose text holds an invisible control character, naming it in
    Chinese (`labels`: field → 中文名)."""
    bad = {name: f"{(labels or {}).get(name, '所填内容')}含有不可见的控制字符，请删除后再提交。"
           for name, value in fields.items() if isinstance(value, str) and _CONTROL.search(value)}
    if bad:
        raise ValidationError(bad)
