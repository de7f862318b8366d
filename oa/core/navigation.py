"""The main navigation and the person menu (their own settings, then administration): a registry, like 待办 (oa.core.todo).

Core knows no app: each app registers its entries from its AppConfig.ready() with a position, so the
order on the page does not depend on the order of INSTALLED_APPS. An entry shows when its predicate
(if any) allows the person; an entry whose url name does not resolve shows as "建设中".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str | None
    position: int
    allowed: Callable | None = None  # person -> bool; None: everyone signed in


_main: dict[str, Entry] = {}
_personal: dict[str, Entry] = {}
_admin: dict[str, Entry] = {}


def register_main(label: str, url_name: str | None, *, position: int, allowed: Callable | None = None) -> None:
    """An item of the main navigation bar."""
    _main[label] = Entry(label, url_name, position, allowed)


def register_personal(label: str, url_name: str, *, position: int) -> None:
    """A link in the person menu's own section (their settings: 常用意见 …), for everyone signed in."""
    _personal[label] = Entry(label, url_name, position)


def register_admin(label: str, url_name: str, *, position: int, allowed: Callable) -> None:
    """A link in the person menu's administration section, for those `allowed(person)`."""
    _admin[label] = Entry(label, url_name, position, allowed)


def _entries(registry: dict[str, Entry], person) -> list[Entry]:
    return [entry for entry in sorted(registry.values(), key=lambda entry: entry.position)
            if entry.allowed is None or entry.allowed(person)]


def _url(name):
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def main_nav(request) -> list[dict]:
    items = []
    for entry in _entries(_main, request.user):
        url = _url(entry.url_name)
        items.append({"label": entry.label, "url": url, "active": bool(url) and request.path.startswith(url)})
    return items


def personal_links(person) -> list[dict]:
    return [{"label": entry.label, "url": _url(entry.url_name)} for entry in _entries(_personal, person)]


def admin_links(person) -> list[dict]:
    return [{"label": entry.label, "url": _url(entry.url_name)} for entry in _entries(_admin, person)]
