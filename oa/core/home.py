"""What the portal's home page shows besides its own pages and the 待办 (oa.core.todo): each app
registers a panel from its AppConfig.ready(), a function `panel(user) -> dict` of template context
(e.g. notices: the first page of the notice board). The portal sits above the apps and knows none
of them; it merges the panels in the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable

_panels: list[Callable] = []


def register(panel: Callable) -> Callable:
    if panel not in _panels:
        _panels.append(panel)
    return panel


def home_context(user) -> dict:
    context = {}
    for panel in _panels:
        context.update(panel(user))
    return context
