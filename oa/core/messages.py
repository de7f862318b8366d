"""Turning a refused step into the one-line Chinese message shown to the person."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from oa.core.exceptions import Conflict
from oa.core.refusals import record_denied

CONCURRENT = "刚刚已有人提交了相同的内容，本次未作任何更改，请刷新后查看。"

# What a service raises when a person's step is refused; anything else is a bug and a 500.
REFUSALS = (ValidationError, PermissionDenied, Conflict)


def joined(texts) -> str:
    """Several reasons as one sentence: "甲；乙。" — a reason's own full stop is dropped before the next."""
    texts = list(texts)
    return "；".join([text.rstrip("。") for text in texts[:-1]] + texts[-1:])


def error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        return joined(exc.messages)
    if isinstance(exc, Conflict):
        return exc.message
    return str(exc) or "您无权执行此操作。"


def attempt(request, step: Callable, *, failed: str, done: str | Callable | None = None):
    """Run `step()` for a page: a refusal becomes the error message "<failed>：<reason>" (or just the
    reason when `failed` is empty) and returns None; success shows `done` (text, or a function of
    the result) and returns the result."""
    try:
        result = step()  # (no transaction of its own here: a refusal's ledger entry must outlive the step's)
    except REFUSALS as exc:
        if isinstance(exc, PermissionDenied):
            record_denied(request, exc)  # on record, unless the step runner already put it there
        messages.error(request, f"{failed}：{error_text(exc)}" if failed else error_text(exc))
        return None
    except IntegrityError:
        # Two people saving the same thing at the same moment (the first version of a rule, a working
        # group): the other one's change stands; this one's transaction (the service's) was rolled back
        # whole. The API answers the same way (oa.core.api_errors).
        messages.error(request, f"{failed}：{CONCURRENT}" if failed else CONCURRENT)
        return None
    text = done(result) if callable(done) else done
    if text:
        messages.success(request, text)
    return result
