"""One table from action name to service, shared by the pages and the API."""

from documents.services.dispatch import document_dispatch
from documents.services.flow import (
    StepInput,
    document_archive,
    document_check,
    document_countersign,
    document_resign,
    document_return,
    document_review,
    document_seal,
    document_sign,
    document_submit,
    document_void,
    document_withdraw,
)
from documents.services.numbering import document_assign_number

TRANSITIONS = {
    "submit": document_submit,
    "review": document_review,
    "countersign": document_countersign,
    "sign": document_sign,
    "check": document_check,
    "resign": document_resign,
    "number": document_assign_number,
    "seal": document_seal,
    "dispatch": document_dispatch,
    "archive": document_archive,
    "return": document_return,
    "withdraw": document_withdraw,
    "void": document_void,
}


def document_transition(*, actor, document_id: int, action: str, step: StepInput):
    return TRANSITIONS[action](actor=actor, document_id=document_id, step=step)
