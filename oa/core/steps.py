"""The one way a state-machine step runs, for every app (documents, deliveries, notices, tickets …).

Inside one transaction: find and lock the row (404 when not visible), refuse when the state has
moved on (409) or the person may not (403, ledgered outside the rolled-back transaction), then
run the step's body. The refusal goes on record through oa.core.refusals (the audit app's recorder):
core knows no ledger.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django_fsm import TransitionNotAllowed, can_proceed

from oa.core.exceptions import Conflict, Refused
from oa.core.refusals import record_refused


def run_step(*, actor, locate: Callable, allowed: Callable, states, label: str, ledger_action: str, body: Callable,
             conflict: type[Conflict] = Conflict):
    try:
        with transaction.atomic():
            target = locate()
            remember_loaded(target)
            if not allowed(target):
                if target.state not in states:
                    raise conflict()
                raise Refused(f"您无权执行“{label}”。", action=ledger_action, target=target)
            body(target)
            return target
    except Refused as refusal:
        record_refused(actor=actor, refusal=refusal)
        raise PermissionDenied(refusal.message) from refusal


_LOADED = "_step_loaded_values"


def _as_read(value):
    """A column's value to compare later: a file by its name, a JSON list or dict copied (changed in place)."""
    if isinstance(value, FieldFile):
        return ("file", value.name)
    if isinstance(value, (dict, list)):
        return copy.deepcopy(value)
    return value


def remember_loaded(obj) -> None:
    """Note the locked row's column values as read, so that `save_changed` writes only what the step changed."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return
    setattr(obj, _LOADED, {f.attname: _as_read(getattr(obj, f.attname))
                           for f in meta.concrete_fields if f.attname in obj.__dict__})


def save_changed(obj) -> None:
    """Save the step's row: only the columns the step changed since `remember_loaded` (and the `auto_now`
    ones, which a full save would have set too) — the same row as a full save leaves, a narrower UPDATE.
    A row never noted is saved whole."""
    loaded = getattr(obj, _LOADED, None)
    if loaded is None:
        obj.save()
        return
    fields = [f for f in obj._meta.concrete_fields if not f.primary_key]
    changed = [f.name for f in fields if f.attname in loaded and _as_read(getattr(obj, f.attname)) != loaded[f.attname]]
    changed += [f.name for f in fields if getattr(f, "auto_now", False) and f.name not in changed]
    if changed:
        obj.save(update_fields=changed)
    remember_loaded(obj)


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
