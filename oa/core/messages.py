"""Turning a refused step into the one-line Chinese message shown to the person."""

from django.core.exceptions import ValidationError

from oa.core.exceptions import Conflict


def error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    if isinstance(exc, Conflict):
        return exc.message
    return str(exc) or "您无权执行此操作。"
