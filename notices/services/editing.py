"""Creating and editing notice drafts; attachments through the classification gate."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from notices.choices import Audience
from notices.ledger_actions import (
    NOTICE_ATTACHMENT_ADD,
    NOTICE_ATTACHMENT_REMOVE,
    NOTICE_CREATE,
    NOTICE_UPDATE,
)
from notices.models import Notice, NoticeAttachment
from notices.permissions import may, may_draft
from notices.selectors import notice_for
from notices.services.errors import Conflict
from oa.audit.services import ledger_record
from oa.uploads.attachments import attachment_delete, attachment_store, under_lock
from oa.uploads.gate import text_check

EDITABLE_FIELDS = ("title", "body", "category", "pinned", "expires_at", "requires_receipt", "audience")
# Typed text the classification gate reads before anything is saved: (field, label in the reasons).
SCREENED_FIELDS = (("title", "标题"), ("body", "正文"))
NOT_DRAFTER = "只有信息中心人员和各单位文书、办公室主任可以拟写通知公告。"
NOT_EDITABLE = "只有拟稿人可以修改草稿状态的通知。"


def _screen_typed_text(actor, fields: dict) -> None:
    """Outside any transaction, so that the gate's record of a refusal survives."""
    text_check(actor=actor, purpose="通知公告拟稿",
               fields={label: str(fields.get(name) or "") for name, label in SCREENED_FIELDS})


def _check_expiry(expires_at) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "有效期必须晚于当前时间。"})


def _set_audience(notice: Notice, *, departments, people) -> None:
    if departments is not None:
        notice.audience_departments.set(departments)
    if people is not None:
        notice.audience_people.set(people)


def check_audience(notice: Notice) -> None:
    """A notice for chosen departments or people must name at least one."""
    if notice.audience == Audience.DEPARTMENTS and not notice.audience_departments.exists():
        raise ValidationError({"audience_departments": "发布范围为“指定单位”时，请至少选择一个单位。"})
    if notice.audience == Audience.PEOPLE and not notice.audience_people.exists():
        raise ValidationError({"audience_people": "发布范围为“指定人员”时，请至少选择一人。"})


def notice_create(*, actor, fields: dict, departments=None, people=None) -> Notice:
    if not may_draft(actor):
        raise PermissionDenied(NOT_DRAFTER)
    _screen_typed_text(actor, fields)
    return _notice_create(actor=actor, fields=fields, departments=departments, people=people)


@transaction.atomic
def _notice_create(*, actor, fields: dict, departments, people) -> Notice:
    values = {k: v for k, v in fields.items() if k in EDITABLE_FIELDS and v is not None}
    notice = Notice(author=actor, publisher_department_id=actor.department_id, **values)
    _check_expiry(notice.expires_at)
    return _save(notice, actor=actor, action=NOTICE_CREATE, data={"title": notice.title},
                 departments=departments, people=people)


def notice_update(*, actor, notice_id: int, version: int, fields: dict, departments=None, people=None) -> Notice:
    """Save a draft. `version` is what the editor loaded; if someone saved in between, refuse."""
    _ensure_editable(actor, notice_id)
    _screen_typed_text(actor, fields)
    return _notice_update(actor=actor, notice_id=notice_id, version=version, fields=fields,
                          departments=departments, people=people)


@transaction.atomic
def _notice_update(*, actor, notice_id: int, version: int, fields: dict, departments, people) -> Notice:
    notice = _editable(actor, notice_id)
    if notice.version != version:
        raise Conflict("该通知已被他人修改（您打开的是旧版本），为避免覆盖，本次保存未生效。请刷新后重新修改。")
    for name in EDITABLE_FIELDS:
        if name in fields:
            value = fields[name]
            if value is None and not Notice._meta.get_field(name).null:
                continue
            setattr(notice, name, value)
    if "expires_at" in fields:
        _check_expiry(notice.expires_at)
    notice.version += 1
    return _save(notice, actor=actor, action=NOTICE_UPDATE, data={"version": notice.version},
                 departments=departments, people=people)


def _save(notice: Notice, *, actor, action: str, data: dict, departments, people) -> Notice:
    """Validate and save the draft with its audience, and put the save on the ledger."""
    notice.full_clean(exclude=["state"])
    notice.save()
    _set_audience(notice, departments=departments, people=people)
    check_audience(notice)
    ledger_record(actor=actor, action=action, target=notice, data=data)
    return notice


def _ensure_editable(actor, notice_id: int) -> None:
    """A read-only look before the gate runs (the step checks again under the row lock)."""
    if not may(actor, "edit", notice_for(actor, notice_id)):
        raise PermissionDenied(NOT_EDITABLE)


def _editable(actor, notice_id: int) -> Notice:
    """The draft under its row lock, once the actor may still edit it."""
    notice = notice_for(actor, notice_id, for_update=True)
    if not may(actor, "edit", notice):
        raise PermissionDenied(NOT_EDITABLE)
    return notice


def attachment_add(*, actor, notice_id: int, upload, gate: dict) -> NoticeAttachment:
    """Screen the file through the classification gate (declaration, 密级, content) outside any
    transaction, then keep it under the notice's row lock. `gate` holds the declaration fields."""
    return attachment_store(actor=actor, upload=upload, gate=gate, purpose="通知公告附件", action=NOTICE_ATTACHMENT_ADD,
                            check=lambda: _ensure_editable(actor, notice_id),
                            locked=under_lock(lambda: _editable(actor, notice_id)))


@transaction.atomic
def attachment_remove(*, actor, notice_id: int, attachment_id: int) -> None:
    attachment_delete(owner=_editable(actor, notice_id), attachment_id=attachment_id, actor=actor,
                      action=NOTICE_ATTACHMENT_REMOVE)
