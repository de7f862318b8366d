"""The 常用意见 offered beside an opinion (发文's 办理 panel, 收文's delivery page): the one place that says
which phrases a person gets — their own (oa.org, in their order) first, then the system's
(documents.choices.COMMON_OPINIONS) that are not already among them.

`opinion_phrases(person)` reads nothing until a template iterates it, and then once: one query however many
fields of the page offer the buttons (templates/includes/phrase_buttons.html), none on a page that shows no
step form — which is why this is not a context processor."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import SimpleLazyObject

from documents.choices import COMMON_OPINIONS
from oa.org.selectors import phrase_texts


class OpinionPhrase(NamedTuple):
    text: str
    own: bool  # the person's own (True) or the system's


def phrases_for(person) -> list[OpinionPhrase]:
    own = phrase_texts(person)
    return [OpinionPhrase(text, True) for text in own] + [
        OpinionPhrase(text, False) for text in COMMON_OPINIONS if text not in own]


def opinion_phrases(person):
    """phrases_for(person), read when first used: pass it to a page's context as `phrases`."""
    return SimpleLazyObject(lambda: phrases_for(person))
