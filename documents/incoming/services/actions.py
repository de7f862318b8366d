"""One table from receiving-side action name to service, shared by the pages and the API."""

from documents.incoming.services import circulation, flow


def _with_text(step):
    """A step whose only input is its text (opinion, reason, note)."""
    return lambda actor, pk, d: step(actor=actor, delivery_id=pk, text=d.get("text", ""))


DELIVERY_ACTIONS = {
    "sign_for": _with_text(flow.delivery_sign_for),
    "return": _with_text(flow.delivery_return),
    "resend": _with_text(flow.delivery_resend),
    "register": _with_text(flow.delivery_register),
    "propose": _with_text(flow.delivery_propose),
    "instruct": lambda actor, pk, d: flow.delivery_instruct(actor=actor, delivery_id=pk, text=d.get("text", ""),
                                                            assignee=d.get("assignee"), due=d.get("due")),
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
    "chase": _with_text(circulation.delivery_chase),
}


def delivery_act(*, actor, delivery_id: int, action: str, data: dict):
    return DELIVERY_ACTIONS[action](actor, delivery_id, data)
