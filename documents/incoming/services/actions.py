"""One table from receiving-side action name to service, shared by the pages and the API."""

from documents.incoming.services import circulation, flow, leaders, paper, sorting


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
    "merge_paper": lambda actor, pk, d: paper.delivery_pair_paper(
        actor=actor, arrival_id=pk, into=d.get("into"), copies=d.get("copies"), received_on=d.get("received_on")),
}


def delivery_act(*, actor, delivery_id: int, action: str, data: dict):
    return DELIVERY_ACTIONS[action](actor, delivery_id, data)
