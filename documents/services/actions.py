"""One table from action name to service, shared by the pages and the API; and the 办理 that take several
steps in one click (IN_TURN)."""


from documents.permissions import ACTION_LABELS, IN_TURN, IN_TURN_LABELS
from documents.services.dispatch import document_dispatch
from documents.services.flow import (
    NO_INPUT,
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
    print_copies_value,
)
from documents.services.numbering import document_assign_number
from oa.core.steps import run_in_turn

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


def document_issue(*, actor, document_id: int, step: StepInput = NO_INPUT):
    """编号、用印并核发 (documents.permissions.IN_TURN): each step a step of its own (its checks, its trail row,
    its ledger entry document.number / .seal / .dispatch), all in one transaction — a step that stops undoes the
    ones before it (oa.core.steps.run_in_turn), so no number is taken for a document left unsealed. The 印制份数
    goes to 用印, the opinion to 核发 (the trail's last row)."""
    copies = print_copies_value(step.print_copies)  # bad input refused before any step runs
    inputs = {"number": NO_INPUT, "seal": StepInput(print_copies=copies), "dispatch": StepInput(opinion=step.opinion)}
    steps = [(ACTION_LABELS[action], lambda action=action: TRANSITIONS[action](
        actor=actor, document_id=document_id, step=inputs[action])) for action in IN_TURN["issue"]]
    return run_in_turn(steps, actor=actor, label=IN_TURN_LABELS["issue"])[-1]

