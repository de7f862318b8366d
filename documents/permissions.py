"""Who may do what to an outgoing document. Every check in the app comes through `may`."""

from __future__ import annotations

from documents.choices import Direction, DocumentState
from oa.org.choices import Role

S = DocumentState

# The actions a person can take, and the states each starts from.
ACTION_STATES: dict[str, tuple[str, ...]] = {
    "edit": (S.DRAFT,),
    "submit": (S.DRAFT,),
    "review": (S.REVIEW,),
    "countersign": (S.COUNTERSIGN,),
    "sign": (S.SIGNING,),
    "check": (S.CHECK,),
    "resign": (S.CHECK,),
    "number": (S.NUMBERING,),
    "seal": (S.SEALING,),
    "dispatch": (S.DISPATCH,),
    "archive": (S.DISPATCHED,),
    "return": (S.REVIEW, S.COUNTERSIGN, S.SIGNING, S.CHECK),
    "withdraw": (S.REVIEW, S.COUNTERSIGN, S.SIGNING),
    "void": (S.DRAFT, S.REVIEW, S.COUNTERSIGN, S.SIGNING, S.CHECK, S.NUMBERING, S.SEALING, S.DISPATCH),
}

ACTION_LABELS = {
    "edit": "修改", "submit": "提交核稿", "review": "核稿通过", "countersign": "会签", "sign": "签发",
    "check": "复核通过", "resign": "退回重新签发", "number": "编号", "seal": "用印", "dispatch": "核发",
    "archive": "归档", "return": "退回拟稿人", "withdraw": "撤回", "void": "作废",
}


def _in_drafting_department(person, document, *roles: str) -> bool:
    return person.department_id == document.drafting_department_id and person.has_role(*roles)


def is_pending_countersigner(person, document) -> bool:
    return any(row.person_id == person.pk and row.signed_at is None for row in document.countersigns.all())


def may_sign(person, document) -> tuple[bool, bool]:
    """(may sign, signs as stand-in 代). Upward documents need the principal head; a leader stands in."""
    if not _in_drafting_department(person, document, Role.LEADER, Role.PRINCIPAL_HEAD):
        return False, False
    if document.direction == Direction.UPWARD and not person.has_role(Role.PRINCIPAL_HEAD):
        return True, True
    return True, False


def _may_return(person, document) -> bool:
    state = document.state
    if state in (S.REVIEW, S.CHECK):
        return _in_drafting_department(person, document, Role.OFFICE_DIRECTOR)
    if state == S.COUNTERSIGN:
        return is_pending_countersigner(person, document)
    if state == S.SIGNING:
        return may_sign(person, document)[0]
    return False


def may(person, action: str, document) -> bool:
    """May `person` take `action` on `document` now (its current state included)?"""
    if not person.is_authenticated or document.state not in ACTION_STATES.get(action, ()):
        return False
    drafter = person.pk == document.drafter_id
    if action in ("edit", "submit", "withdraw"):
        return drafter
    if action in ("review", "check", "resign"):
        return _in_drafting_department(person, document, Role.OFFICE_DIRECTOR)
    if action == "countersign":
        return is_pending_countersigner(person, document)
    if action == "sign":
        return may_sign(person, document)[0]
    if action in ("number", "seal", "dispatch", "archive"):
        return _in_drafting_department(person, document, Role.CLERK)
    if action == "return":
        return _may_return(person, document)
    if action == "void":
        return (drafter and document.state in (S.DRAFT, S.REVIEW)) or _in_drafting_department(
            person, document, Role.OFFICE_DIRECTOR
        )
    return False


def available_actions(person, document) -> list[str]:
    return [action for action in ACTION_STATES if action != "edit" and may(person, action, document)]


def may_draft(person) -> bool:
    return person.is_authenticated and person.department_id is not None
