"""A person's own 常用意见: add, edit (text and/or place), move up or down, delete.

Every write runs under the person's row lock, keeps the places 1…n without gaps and is ledgered. Its checks,
in this order: the phrase is the person's own (another's does not exist: 404); the text is given, at most
Phrase.MAX_LENGTH characters and not already among theirs; they keep at most Phrase.MAX_PER_PERSON; a place is
within 1…n. Only then the classification gate (oa/org/gate.py), still inside the transaction, so that a marked
text is recorded only where it would otherwise have been kept; the refusal is recorded after the rollback
(the order 收文's typed text follows, documents/incoming/services/flow.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from oa.audit.services import ledger_record
from oa.core.text import required_text
from oa.org import gate
from oa.org.ledger_actions import ORG_PHRASE_ADD, ORG_PHRASE_DELETE, ORG_PHRASE_EDIT, ORG_PHRASE_MOVE
from oa.org.models import Person, Phrase
from oa.org.selectors import PHRASE_ORDER, phrases_of

LABEL = "常用意见"
NOT_FOUND = "未找到该常用意见。"
DUPLICATE = "“{text}”已在您的常用意见中，无需重复添加。"
FULL = f"常用意见最多保存 {Phrase.MAX_PER_PERSON} 条，请先删除不再使用的。"
NOTHING = "请提供要修改的内容：常用意见文字（text）或顺序（position）。"


class _Marked(Exception):
    """The text (args[0]) carries a 密级 marking: raised inside the write so that its transaction rolls back."""


def _text(value) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationError({"text": "常用意见应为文字。"})
    return required_text(value, LABEL, Phrase.MAX_LENGTH, field="text")


def _screen(text: str) -> None:
    if gate.marked({LABEL: text}):
        raise _Marked(text)


def _write(actor, body: Callable[[list[Phrase]], Phrase | None], *, text: str | None = None):
    """body(rows) in one transaction, `rows` being the person's phrases in order, read under the person's lock."""
    try:
        with transaction.atomic():
            list(Person.objects.select_for_update(of=("self",)).filter(pk=actor.pk).values_list("pk", flat=True))
            return body(list(phrases_of(actor).order_by(*PHRASE_ORDER)))
    except _Marked as marked:
        gate.refuse(actor=actor, fields={LABEL: marked.args[0]}, purpose=LABEL)  # records and raises
    except IntegrityError:  # the same text added by a racing request of the same person
        raise ValidationError({"text": DUPLICATE.format(text=(text or "").strip())}) from None


def _own(rows: list[Phrase], phrase_id) -> Phrase:
    for row in rows:
        if row.pk == phrase_id:
            return row
    raise Http404(NOT_FOUND)


def _unique(rows: list[Phrase], text: str, *, besides: Phrase | None = None) -> None:
    if any(row.text == text and row is not besides for row in rows):
        raise ValidationError({"text": DUPLICATE.format(text=text)})


def _place(rows: list[Phrase], phrase: Phrase, position: int) -> None:
    """Put `phrase` at `position` (1…n) and number them all again 1…n; saves the rows whose place changed."""
    rows.remove(phrase)
    rows.insert(position - 1, phrase)
    _number(rows)


def _number(rows: list[Phrase]) -> None:
    moved = []
    for number, row in enumerate(rows, start=1):
        if row.position != number:
            row.position = number
            moved.append(row)
    Phrase.objects.bulk_update(moved, ["position"])


def _position(value, count: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= count:
        raise ValidationError({"position": f"顺序应为 1 至 {count} 之间的整数。"})
    return value


def _ledger(actor, action: str, phrase: Phrase, **data) -> None:
    ledger_record(actor=actor, action=action, target=phrase, data={"text": phrase.text, "position": phrase.position,
                                                                  **data})


def phrase_add(*, actor, text) -> Phrase:
    """Add one at the end of the person's list."""
    text = _text(text)

    def body(rows):
        _unique(rows, text)
        if len(rows) >= Phrase.MAX_PER_PERSON:
            raise ValidationError(FULL)
        _screen(text)
        phrase = Phrase.objects.create(person=actor, text=text, position=len(rows) + 1)
        _ledger(actor, ORG_PHRASE_ADD, phrase)
        return phrase

    return _write(actor, body, text=text)


def phrase_edit(*, actor, phrase_id: int, text=None, position=None) -> Phrase:
    """Change the text, the place (1 = first), or both."""
    def body(rows):
        phrase = _own(rows, phrase_id)
        if text is None and position is None:
            raise ValidationError(NOTHING)
        new_text = _text(text) if text is not None else phrase.text
        new_position = _position(position, len(rows)) if position is not None else phrase.position
        if new_text != phrase.text:
            _unique(rows, new_text, besides=phrase)
            _screen(new_text)
            before, phrase.text = phrase.text, new_text
            phrase.save(update_fields=["text"])
            _ledger(actor, ORG_PHRASE_EDIT, phrase, was=before)
        if new_position != phrase.position:
            before = phrase.position
            _place(rows, phrase, new_position)
            _ledger(actor, ORG_PHRASE_MOVE, phrase, was=before)
        return phrase

    return _write(actor, body, text=text)


def phrase_shift(*, actor, phrase_id: int, by: int) -> Phrase:
    """Move one place up (by=-1) or down (by=1); at the top or the bottom it stays where it is."""
    def body(rows):
        phrase = _own(rows, phrase_id)
        target = min(max(phrase.position + by, 1), len(rows))
        if target != phrase.position:
            before = phrase.position
            _place(rows, phrase, target)
            _ledger(actor, ORG_PHRASE_MOVE, phrase, was=before)
        return phrase

    return _write(actor, body)


def phrase_delete(*, actor, phrase_id: int) -> None:
    """Delete one; those after it move up a place."""
    def body(rows):
        phrase = _own(rows, phrase_id)
        _ledger(actor, ORG_PHRASE_DELETE, phrase)
        rows.remove(phrase)
        phrase.delete()
        _number(rows)

    _write(actor, body)
