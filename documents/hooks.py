"""What a document's steps set off in the apps above documents, which documents does not import:
they register from their AppConfig.ready(). After 核发, inside its transaction, every
`after_dispatch(document=, deliveries=)` runs (oa.trial: the paper the 双轨试运行 rule requires).
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
