"""A refused request is on record (等保: unauthorised access attempts are audited): every 403 that a
page or an API view raises becomes a ledger entry `access.denied` with the path and the reason —
unless the step runner already recorded that very refusal (oa.core.exceptions.Refused). Both
recorders are registered with oa.core.refusals from the app's ready()."""

from __future__ import annotations

import logging

from oa.audit.actions import ACCESS_DENIED
from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.core.exceptions import Refused

logger = logging.getLogger(__name__)


def record_refused(*, actor, refusal: Refused) -> None:
    """A step's refusal, after its transaction rolled back."""
    ledger_record(actor=actor, action=refusal.action, target=refusal.target,
                  outcome=refusal.outcome or Outcome.DENIED)


def already_recorded(exc) -> bool:
    return isinstance(getattr(exc, "__cause__", None), Refused)


def record_denial(request, exc) -> None:
    """Never lets the 403 fail: a ledger that cannot be written is logged, and the person still gets
    the refusal."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False) or already_recorded(exc):
        return
    try:
        ledger_record(actor=user, action=ACCESS_DENIED, outcome=Outcome.DENIED,
                      data={"method": request.method, "path": request.path[:300], "reason": str(exc or "")[:200]})
    except Exception:  # noqa: BLE001 — the refusal itself must still be answered
        logger.exception("could not record a refused request")
