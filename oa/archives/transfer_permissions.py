"""Who hands 件 over and who receives them: a department's 档案员 sends its own 件 (a transfer is not a state
step: it creates the Transfer); the receiving department's (档案局's) 档案员 receives or sends back, the one
table below (the Transfer workflow)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied

from oa.archives.models import Transfer, TransferState
from oa.archives.permissions import is_archivist
from oa.core.workflow import Workflow, register, turn
from oa.org.actors import RoleIn
from oa.org.choices import Role

RECEIVER_ARCHIVIST = RoleIn("接收单位档案员", (Role.ARCHIVIST,), "receiver")

TRANSFER_FLOW = register(Workflow(
    name="archives.transfer",
    model=Transfer,
    labels={"receive": "接收", "reject": "退回"},
    moves={"receive": ("receive",), "reject": ("reject",)},
    table={TransferState.SENT: (turn(RECEIVER_ARCHIVIST, "receive", "reject"),)},
))
NOT_SENDER = "只有本单位档案员可以移交本单位的归档文件。"


def receiver_slug() -> str:
    """The department that receives transfers (the 档案局): settings.OA_ARCHIVES_RECEIVER, its 简拼."""
    return getattr(settings, "OA_ARCHIVES_RECEIVER", "daj")


def may_send(person) -> bool:
    """A department's 档案员 hands its own 件 over: the same person who files them."""
    return is_archivist(person)


def require_sender(person) -> None:
    if not may_send(person):
        raise PermissionDenied(NOT_SENDER)


def may_transfer_step(person, action: str, transfer: Transfer) -> bool:
    return TRANSFER_FLOW.may(person, action, transfer)


def transfers_visible(person):
    """A department's archivist sees the transfers it sent and, at the 档案局, the ones it received."""
    if not may_send(person):
        return Transfer.objects.none()
    from django.db.models import Q

    return Transfer.objects.filter(Q(department_id=person.department_id) | Q(receiver_id=person.department_id))
