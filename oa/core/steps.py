"""The one way a state-machine step runs, for every app (documents, deliveries, notices, tickets …).

Inside one transaction: find and lock the row (404 when not visible), refuse when the state has
moved on (409) or the person may not (403, ledgered outside the rolled-back transaction), then
run the step's body. The refusal goes on record through oa.core.refusals (the audit app's recorder):
core knows no ledger.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed

from oa.core.exceptions import Conflict, Refused
from oa.core.refusals import record_refused


def run_step(*, actor, locate: Callable, allowed: Callable, states, label: str, ledger_action: str, body: Callable,
             conflict: type[Conflict] = Conflict):
    try:
        with transaction.atomic():
            target = locate()
            if not allowed(target):
                if target.state not in states:
                    raise conflict()
                raise Refused(f"您无权执行“{label}”。", action=ledger_action, target=target)
            body(target)
            return target
    except Refused as refusal:
        record_refused(actor=actor, refusal=refusal)
        raise PermissionDenied(refusal.message) from refusal


def apply_transition(obj, method_name: str, *, conflict: type[Conflict] = Conflict, **kwargs) -> None:
    method = getattr(obj, method_name)
    if not can_proceed(method):
        raise conflict()
    try:
        method(**kwargs)
    except TransitionNotAllowed as exc:
        raise conflict() from exc
