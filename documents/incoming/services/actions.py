"""One table from receiving-side action name to service, shared by the pages and the API; 签收并登记 in one
click, and 批量签收."""

from django.core.exceptions import ValidationError
from django.http import Http404

from documents.incoming.permissions import ACTION_LABELS, IN_TURN, IN_TURN_LABELS
from documents.incoming.services import circulation, flow, leaders, paper, sorting
from oa.core.messages import REFUSALS, error_text
from oa.core.steps import run_in_turn

MAX_BATCH = 100  # deliveries signed for in one 批量签收


def delivery_sign_and_register(*, actor, delivery_id: int, text: str = ""):
    """签收并登记 (permissions.IN_TURN): 签收 then 登记, each a step of its own (its checks, its trail row, its
    ledger entry delivery.sign_for / delivery.register), in one transaction — if 登记 stops, the 签收 is
    undone too and the message names the step that stopped. The text goes with the 签收."""
    steps = {"sign_for": lambda: flow.delivery_sign_for(actor=actor, delivery_id=delivery_id, text=text),
             "register": lambda: flow.delivery_register(actor=actor, delivery_id=delivery_id)}
    return run_in_turn([(ACTION_LABELS[a], steps[a]) for a in IN_TURN["sign_and_register"]], actor=actor,
                       label=IN_TURN_LABELS["sign_and_register"])[-1]


def deliveries_sign_for(*, actor, delivery_ids, register: bool = False) -> list[tuple[int, str]]:
    """批量签收 (and 登记, with `register`): each delivery through its own step(s) and transaction, so one that is
    refused does not hold back the others. Returns (id, reason) for each one that was not signed for."""
    ids = list(dict.fromkeys(int(pk) for pk in delivery_ids))
    if not ids:
        raise ValidationError({"ids": "请先勾选要签收的收文。"})
    if len(ids) > MAX_BATCH:
        raise ValidationError({"ids": f"一次最多签收 {MAX_BATCH} 件。"})
    failed = []
    for pk in ids:
        try:
            if register:
                delivery_sign_and_register(actor=actor, delivery_id=pk)
            else:
                flow.delivery_sign_for(actor=actor, delivery_id=pk)
        except Http404:
            failed.append((pk, "找不到该收文，或您无权查看。"))
        except REFUSALS as exc:
            failed.append((pk, error_text(exc)))
    return failed


def _with_text(step):
    """A step whose only input is its text (opinion, reason, note)."""
    return lambda actor, pk, d: step(actor=actor, delivery_id=pk, text=d.get("text", ""))


DELIVERY_ACTIONS = {
    "sign_for": _with_text(flow.delivery_sign_for),
    "return": _with_text(flow.delivery_return),
    "resend": _with_text(flow.delivery_resend),
    "register": _with_text(flow.delivery_register),
    "screen": lambda actor, pk, d: sorting.delivery_screen(
        actor=actor, delivery_id=pk, handling=d.get("handling") or "", readers=list(d.get("readers") or []),
        text=d.get("text", "")),
    "transfer": lambda actor, pk, d: sorting.delivery_transfer(actor=actor, delivery_id=pk, department=d.get("department"),
                                                               text=d.get("text", "")),
    "propose": lambda actor, pk, d: leaders.delivery_propose(
        actor=actor, delivery_id=pk, text=d.get("text", ""), assignee=d.get("assignee"),
        assistants=list(d.get("assistants") or []), leaders=list(d.get("leaders") or []),
        final_leader=d.get("final_leader")),
    "instruct": lambda actor, pk, d: leaders.delivery_instruct(
        actor=actor, delivery_id=pk, text=d.get("text", ""), assignee=d.get("assignee"),
        assistants=list(d.get("assistants") or []), due=d.get("due"), signature=d.get("signature", "")),
    "agree": lambda actor, pk, d: leaders.delivery_agree(actor=actor, delivery_id=pk, text=d.get("text", ""),
                                                         signature=d.get("signature", "")),
    "circle": lambda actor, pk, d: leaders.delivery_circle(actor=actor, delivery_id=pk, signature=d.get("signature", "")),
    "add_leader": lambda actor, pk, d: leaders.delivery_add_leader(
        actor=actor, delivery_id=pk, leader=d.get("leader"), after=d.get("alongside") is not True, text=d.get("text", "")),
    "send_back": _with_text(leaders.delivery_send_back),
    "make_task": _with_text(sorting.delivery_make_task),
    "assist": _with_text(flow.delivery_assist),
    "hand_back": _with_text(flow.delivery_hand_back),
    "request_extension": lambda actor, pk, d: flow.delivery_request_extension(
        actor=actor, delivery_id=pk, text=d.get("text", ""), days=d.get("days") or 0),
    "extend": lambda actor, pk, d: flow.delivery_extend(actor=actor, delivery_id=pk, days=d.get("days") or 0,
                                                        text=d.get("text", "")),
    "complete": lambda actor, pk, d: flow.delivery_complete(actor=actor, delivery_id=pk, text=d.get("text", ""),
                                                            reply=d.get("reply", "") or ""),
    "archive": _with_text(flow.delivery_archive),
    "circulate": lambda actor, pk, d: circulation.delivery_circulate(
        actor=actor, delivery_id=pk, readers=list(d.get("readers") or []), note=d.get("text", "")),
    "remark": lambda actor, pk, d: circulation.delivery_remark(
        actor=actor, delivery_id=pk, text=d.get("text", ""), circle=bool(d.get("circle")), signature=d.get("signature", "")),
    "chase": _with_text(circulation.delivery_chase),
    "sign_and_register": _with_text(delivery_sign_and_register),
    "merge_paper": lambda actor, pk, d: paper.delivery_pair_paper(
        actor=actor, arrival_id=pk, into=d.get("into"), copies=d.get("copies"), received_on=d.get("received_on")),
}


def delivery_act(*, actor, delivery_id: int, action: str, data: dict):
    return DELIVERY_ACTIONS[action](actor, delivery_id, data)
