"""The classification gate, as oa.org reaches it: what a person types into their own records here (their
常用意见) passes the same gate as every title and body, oa.uploads.gate.

oa.org sits below oa.uploads in the layers (docs/architecture.md), so it does not import the gate: it holds
this small registry and oa.uploads fills it from its AppConfig.ready() with `text_marked` (the pure verdict,
asked inside the writer's transaction, after its own checks) and `text_check` (which records, ledgers and
raises the refusal, called after that transaction rolled back). Until the gate is registered nothing typed
is accepted: `marked` raises ImproperlyConfigured rather than let text through unscreened."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured, ValidationError

_gate: dict[str, Callable] = {}

REFUSED = "所填内容未通过密级检查。"


def register(*, marked: Callable[[dict[str, str]], bool], refuse: Callable[..., None]) -> None:
    """`marked(fields) -> bool`; `refuse(*, actor, fields, purpose)` records the refusal and raises it."""
    _gate.update(marked=marked, refuse=refuse)


def _hook(name: str) -> Callable:
    if name not in _gate:
        raise ImproperlyConfigured("密级检查（oa.uploads）未注册：不接受未经检查的文字。")
    return _gate[name]


def marked(fields: dict[str, str]) -> bool:
    """Whether the gate would refuse these typed fields ({"常用意见": text}) — pure, nothing recorded."""
    return _hook("marked")(fields)


def refuse(*, actor, fields: dict[str, str], purpose: str) -> None:
    """Record and raise the refusal (a ValidationError with the gate's Chinese reasons). Call it outside
    the refused write's transaction, so that the record stays while the write does not happen."""
    _hook("refuse")(actor=actor, fields=fields, purpose=purpose)
    raise ValidationError(REFUSED)  # `refuse` always raises for text `marked` found; never let it through
