"""One table from receiving-side action name to service, shared by the pages and the API."""

from documents.incoming.services.circulation import delivery_chase, delivery_circulate
from documents.incoming.services.flow import (
    delivery_archive,
    delivery_complete,
    delivery_extend,
    delivery_hand_back,
    delivery_instruct,
    delivery_propose,
    delivery_register,
    delivery_request_extension,
    delivery_resend,
    delivery_return,
    delivery_sign_for,
)

DELIVERY_ACTIONS = {
    "sign_for": lambda actor, pk, d: delivery_sign_for(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "return": lambda actor, pk, d: delivery_return(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "resend": lambda actor, pk, d: delivery_resend(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "register": lambda actor, pk, d: delivery_register(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "propose": lambda actor, pk, d: delivery_propose(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "instruct": lambda actor, pk, d: delivery_instruct(actor=actor, delivery_id=pk, text=d.get("text", ""),
                                                       assignee=d.get("assignee"), due=d.get("due")),
    "hand_back": lambda actor, pk, d: delivery_hand_back(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "request_extension": lambda actor, pk, d: delivery_request_extension(actor=actor, delivery_id=pk,
                                                                         text=d.get("text", ""), days=d.get("days") or 0),
    "extend": lambda actor, pk, d: delivery_extend(actor=actor, delivery_id=pk, days=d.get("days") or 0, text=d.get("text", "")),
    "complete": lambda actor, pk, d: delivery_complete(actor=actor, delivery_id=pk, text=d.get("text", ""),
                                                       reply=d.get("reply", "") or ""),
    "archive": lambda actor, pk, d: delivery_archive(actor=actor, delivery_id=pk, text=d.get("text", "")),
    "circulate": lambda actor, pk, d: delivery_circulate(actor=actor, delivery_id=pk, readers=list(d.get("readers") or []),
                                                         note=d.get("text", "")),
    "chase": lambda actor, pk, d: delivery_chase(actor=actor, delivery_id=pk, text=d.get("text", "")),
}


def delivery_act(*, actor, delivery_id: int, action: str, data: dict):
    return DELIVERY_ACTIONS[action](actor, delivery_id, data)
