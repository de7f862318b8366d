"""Walking a delivery (收文) to a state, as the tests need it: 签收 → 登记 → 初审 (办件) → 拟办 (to one
leader, with a 主办) → 同意拟办 / 批示."""

from documents.incoming.services.flow import delivery_register, delivery_sign_for
from documents.incoming.services.leaders import delivery_instruct, delivery_propose
from documents.incoming.services.sorting import delivery_screen


def to_registered(p, delivery_id):
    delivery_sign_for(actor=p.clerk_b, delivery_id=delivery_id)
    return delivery_register(actor=p.clerk_b, delivery_id=delivery_id)


def to_proposing(p, delivery_id, *, registered=False):
    if not registered:
        to_registered(p, delivery_id)
    return delivery_screen(actor=p.clerk_b, delivery_id=delivery_id, handling="task")


def propose(p, delivery_id, *, text="拟请张局长阅示，由办公室承办", assignee=None, leaders=None, **more):
    return delivery_propose(actor=p.director_b, delivery_id=delivery_id, text=text,
                            assignee=assignee or p.staff_b, leaders=leaders or [p.leader_b], **more)


def to_handling(p, delivery_id, *, text="请办公室抓紧落实", registered=False, proposed=False, **instruct):
    if not proposed:
        to_proposing(p, delivery_id, registered=registered)
        propose(p, delivery_id)
    return delivery_instruct(actor=p.leader_b, delivery_id=delivery_id, text=text, **instruct)
