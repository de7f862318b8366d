"""The 常用意见 offered beside an opinion (发文's 办理 panel, 收文's delivery page): the one place that says
which phrases a person gets — their own (oa.org, in their order) first, then the system's that fit the step
the person is at, not already among them.

On a 发文 the step is read from the workflow table (documents.permissions.available_actions → STEP_PHRASES):
the drafter gets the drafter's words (请审核。), the 核稿人 the reviewer's, the 签发人 the leader's (同意…), the
clerk none of the system's (编号、用印、核发 take no opinion). 收文's 批办 and 阅办 keep COMMON_OPINIONS.

`opinion_phrases(person)` reads nothing until a template iterates it, and then once: one query however many
fields of the page offer the buttons (templates/includes/phrase_buttons.html), none on a page that shows no
step form — which is why this is not a context processor."""

from __future__ import annotations

from typing import NamedTuple

from django.utils.functional import SimpleLazyObject

from documents.choices import COMMON_OPINIONS
from oa.org.selectors import phrase_texts

# The system's phrases by the action the person can take; several actions (核稿通过 and 退回) add up, in order.
STEP_PHRASES: dict[str, list[str]] = {
    "submit": ["请审核。", "妥否，请批示。", "请审核后报领导签发。"],
    "withdraw": ["撤回修改。"],
    "review": ["已核，请签发。", "文字已核，请领导审定。"],
    "countersign": ["同意。", "原则同意，建议修改后印发。"],
    "sign": ["同意", "同意，请按程序办理", "拟同意"],
    "check": ["复核无误，请编号印发。"],
    "resign": ["请重新签发。"],
    "return": ["请修改后再报"],
}


def step_phrases(actions) -> list[str]:
    """The system's phrases for a person who can take `actions` (None: not a 发文 step — the 收文 pages)."""
    if actions is None:
        return list(COMMON_OPINIONS)
    texts: list[str] = []
    for action in actions:
        texts += [text for text in STEP_PHRASES.get(action, ()) if text not in texts]
    return texts


class OpinionPhrase(NamedTuple):
    text: str
    own: bool  # the person's own (True) or the system's


def phrases_for(person, actions=None) -> list[OpinionPhrase]:
    own = phrase_texts(person)
    return [OpinionPhrase(text, True) for text in own] + [
        OpinionPhrase(text, False) for text in step_phrases(actions) if text not in own]


def opinion_phrases(person, actions=None):
    """phrases_for(person, actions), read when first used: pass it to a page's context as `phrases`;
    `actions`: what the person can do on the 发文 shown (available_actions)."""
    return SimpleLazyObject(lambda: phrases_for(person, actions))
