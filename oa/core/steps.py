"""The one way a state-machine step runs, for every app (documents, deliveries, notices, tickets …).

Inside one transaction: find and lock the row (404 when not visible), refuse when the state has
moved on (409) or the person may not (403, ledgered outside the rolled-back transaction), then
run the step's body. The refusal goes on record through oa.core.refusals (the audit app's recorder):
core knows no ledger.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
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


def run_in_turn(steps, *, actor, label: str):
    """Several steps as one 办理 (`steps`: (label, callable) pairs, each a whole step through `run_step`,
    ledgered as its own): inside one transaction, so that a step refused, in conflict or given bad input
    undoes the ones before it and nothing is left half-done. The error names the step that stopped.
    A refusal's ledger entry, written by the refused step and undone with the rest, is written again
    after the rollback."""
    current = ""
    try:
        with transaction.atomic():
            results = []
            for name, step in steps:
                current = name  # named in the message should this step stop
                results.append(step())
            return results
    except PermissionDenied as exc:
        if isinstance(exc.__cause__, Refused):
            record_refused(actor=actor, refusal=exc.__cause__)
        raise PermissionDenied(_stopped(label, current, str(exc))) from exc.__cause__
    except Conflict as exc:
        raise type(exc)(_stopped(label, current, exc.message)) from exc
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):  # a field's message: keep the field, say where it stopped
            raise ValidationError({field: [_stopped(label, current, m) for m in messages]
                                   for field, messages in exc.message_dict.items()}) from exc
        raise ValidationError(_stopped(label, current, "；".join(exc.messages))) from exc


def _stopped(label: str, step: str, reason: str) -> str:
    return f"{label}在“{step}”一步停止，各步均未生效：{reason}"


def apply_transition(obj, method_name: str, *, conflict: type[Conflict] = Conflict, **kwargs) -> None:
    method = getattr(obj, method_name)
    if not can_proceed(method):
        raise conflict()
    try:
        method(**kwargs)
    except TransitionNotAllowed as exc:
        raise conflict() from exc
