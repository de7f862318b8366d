"""What feedback takes from the portal, which sits above it in the layers: the hotline and contacts
shown beside the form, and the 常见问题 page a resolved ticket is published to. The portal hands
them over from its AppConfig.ready() (oa.portal.pages); without a portal there are none.
"""

from __future__ import annotations

from collections.abc import Callable

NO_CONTACTS = {"hotlines": [], "contacts": [], "approval_phones": [], "contacts_url": ""}

_portal: dict[str, Callable] = {}


def register(*, contacts: Callable, faq_page: Callable, faq_append: Callable) -> None:
    """`contacts() -> dict | None` (hotlines, contacts, contacts_url); `faq_page()` → the live FAQ page or None;
    `faq_append(page, *, question, answer_html, actor) -> (page, revision)` publishes one more 问答."""
    _portal.update(contacts=contacts, faq_page=faq_page, faq_append=faq_append)


def contacts() -> dict:
    found = _portal["contacts"]() if _portal else None
    return found if found is not None else dict(NO_CONTACTS)


def faq_page():
    return _portal["faq_page"]() if _portal else None


def faq_append(page, *, question: str, answer_html: str, actor):
    return _portal["faq_append"](page, question=question, answer_html=answer_html, actor=actor)
