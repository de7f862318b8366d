"""Refusals on record (等保: unauthorised attempts are audited), without core knowing the ledger.

Core is the lowest layer, so it holds only the hook: the audit app registers its recorder from its
AppConfig.ready() (oa.audit.denials). Two kinds of refusal reach it:
- a step refused inside its transaction (oa.core.exceptions.Refused), recorded by the step runner
  after the rollback;
- any other 403 a page or an API view answers (oa.core.errors, oa.core.api_errors, oa.core.messages).
"""

from __future__ import annotations

from collections.abc import Callable

_recorders: dict[str, Callable] = {}


def register(*, refused: Callable, denied: Callable) -> None:
    """`refused(actor=, refusal=)` records a step's Refused; `denied(request, exc)` a refused request
    (and must never raise: the person still gets the 403)."""
    _recorders.update(refused=refused, denied=denied)


def _recorder(kind: str) -> Callable:
    try:
        return _recorders[kind]
    except KeyError:
        raise RuntimeError("No recorder of refusals is registered (is oa.audit installed?).") from None


def record_refused(*, actor, refusal) -> None:
    _recorder("refused")(actor=actor, refusal=refusal)


def record_denied(request, exc) -> None:
    _recorder("denied")(request, exc)
