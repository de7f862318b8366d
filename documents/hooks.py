"""What a document's steps set off in the apps above documents, which documents does not import:
they register from their AppConfig.ready(). After 核发, inside its transaction, every
`after_dispatch(document=, deliveries=)` runs (oa.trial: the paper the 双轨试运行 rule requires). When a
clerk closes a paper arrival into its online delivery (并入网上来文), each `paper_pairing(actor=, arrival_id=,
into_id=, copies=, received_on=)` is asked first and returns True when it took the step (oa.trial: the online
delivery's open paper requirement is confirmed with that paper, which closes the arrival into it). At 归档 of a
document or a delivery, inside its step's transaction and after the transition, every `archiving(actor=,
document=, delivery=, filing=)` runs (oa.archives: the 件 is filed, numbered and stamped; `filing` is what the
archivist chose, e.g. {"retention": "Y"}, passed through untouched); an error there undoes the step.
"""

from __future__ import annotations

from collections.abc import Callable

_after_dispatch: list[Callable] = []


def register_after_dispatch(listener: Callable) -> Callable:
    if listener not in _after_dispatch:
        _after_dispatch.append(listener)
    return listener


def dispatched(*, document, deliveries) -> None:
    for listener in _after_dispatch:
        listener(document=document, deliveries=deliveries)


_paper_pairings: list[Callable] = []


def register_paper_pairing(pairing: Callable) -> Callable:
    if pairing not in _paper_pairings:
        _paper_pairings.append(pairing)
    return pairing


def paired_elsewhere(**step) -> bool:
    return any(pairing(**step) for pairing in _paper_pairings)


_archiving: list[Callable] = []


def register_archiving(listener: Callable) -> Callable:
    if listener not in _archiving:
        _archiving.append(listener)
    return listener


def archived(*, actor, document=None, delivery=None, filing: dict | None = None) -> None:
    for listener in _archiving:
        listener(actor=actor, document=document, delivery=delivery, filing=dict(filing or {}))
