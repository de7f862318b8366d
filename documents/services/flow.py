"""Moving a document through its state graph.

Every step runs the same sequence inside one transaction (ARCHITECTURE.md): lock the row, check
visibility (404) and permission (403), check the state (409), call the @transition, save, record
the step in the approval trail, write the ledger, and queue notifications for after commit.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.choices import Step
from documents.ledger_actions import DOCUMENT_SIGN_CONFIRM
from documents.models import ApprovalStep, Document
from documents.permissions import ACTION_LABELS, DOCUMENT_FLOW, is_pending_joint_head, may, standin_authority
from documents.selectors import document_for
from documents.services.notify import notify_next_actors
from documents.services.steps import Refused, apply_transition, run_step, save_changed
from oa.audit.actions import step_code
from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.core.text import required_text

MAX_SIGNATURE_BYTES = 300 * 1024
MAX_PRINT_COPIES = 9999  # 印制份数: 份号 are six digits, and no municipal print run comes near this
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class StepInput:
    opinion: str = ""
    reason: str = ""
    signature_data_url: str = ""
    confirmation: str = ""
    identity_fresh: bool = False  # 签发: identity confirmed in this browser session within the window (never via API)
    print_copies: int | None = None  # 用印: the 印制份数 printed, when the person records it


NO_INPUT = StepInput()


def print_copies_value(raw) -> int | None:
    """印制份数 as typed or posted: nothing, or a whole number from 1 to MAX_PRINT_COPIES (else a 400 in words)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raw = "x"
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ValidationError({"print_copies": "印制份数须为整数。"}) from None
    if not 1 <= value <= MAX_PRINT_COPIES:
        raise ValidationError({"print_copies": f"印制份数须在 1 至 {MAX_PRINT_COPIES} 份之间。"})
    return value


def decode_signature(data_url: str) -> bytes | None:
    """A handwritten signature from the canvas: `data:image/png;base64,…`, PNG only, small."""
    if not data_url:
        return None
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise ValidationError({"signature": "手写签名格式有误（应为 PNG 图像）。"})
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": "手写签名数据已损坏。"}) from exc
    if not raw.startswith(PNG_MAGIC) or len(raw) > MAX_SIGNATURE_BYTES:
        raise ValidationError({"signature": "手写签名必须是不超过 300 KB 的 PNG 图像。"})
    return raw


class IdentityNotConfirmed(Refused):
    """签发 refused because the code was wrong or missing; counted towards the lockout after the rollback."""

    def __init__(self, message: str, *, counts: bool):
        super().__init__(message, action=DOCUMENT_SIGN_CONFIRM, outcome=Outcome.FAILURE)
        self.counts = counts


def _confirm_identity(actor, confirmation: str, *, fresh: bool = False) -> str:
    """签发 is confirmed with the signer's 签发密码, current TOTP code or login password — or with nothing within
    the session's window after a password login or a confirmed 签发 (`fresh`, only ever set by the browser view).
    Returns how identity was confirmed (for the ledger)."""
    from oa.org.services.second_factor import confirmed_device, second_factor_locked
    from oa.org.services.sign_pin import sign_pin_matches

    code = (confirmation or "").strip()
    if not code and fresh:
        return "window"
    if second_factor_locked(actor):  # read fresh: parallel requests must not outrun the lockout
        raise IdentityNotConfirmed("签发确认错误次数过多，已暂时锁定。请稍后再试，或联系安全管理员。", counts=False)
    if not code:
        raise IdentityNotConfirmed("请输入签发密码、手机动态验证码或登录密码以确认签发。", counts=False)
    if code.isdigit() and len(code) == 6:
        if sign_pin_matches(actor, code):
            return "pin"
        device = confirmed_device(actor)
        if device and device.verify_token(code):
            return "totp"
    if actor.check_password(code):
        return "password"
    raise IdentityNotConfirmed("签发确认失败：签发密码、动态验证码或登录密码不正确，请重新输入。", counts=True)


def _record(document: Document, *, actor, step: str, from_state: str, opinion: str = "", as_standin=False, signature=None,
            authority_id=None):
    return ApprovalStep.objects.create(
        document=document, step=step, actor=actor, actor_name=actor.name, actor_position=actor.position,
        department=actor.department, as_standin=as_standin, authority_id=authority_id, opinion=opinion[:500],
        signature_png=signature,
        at=timezone.now(), from_state=from_state, to_state=document.state,
    )


def _run(actor, document_id: int, action: str, body) -> Document:
    """Lock the visible document, check state and permission, run `body(document)` — see oa.core.steps."""
    return run_step(
        actor=actor, locate=lambda: document_for(actor, document_id, for_update=True),
        allowed=lambda document: may(actor, action, document), states=DOCUMENT_FLOW.states_for(action),
        label=ACTION_LABELS[action], ledger_action=step_code("document", action), body=body,
    )


_apply = apply_transition


def _finish(document, *, actor, action: str, step: str, from_state: str, opinion="", data=None, **record):
    save_changed(document)
    trail = _record(document, actor=actor, step=step, from_state=from_state, opinion=opinion, **record)
    ledger_record(
        actor=actor, action=step_code("document", action), target=document,
        data={"from": from_state, "to": document.state, "opinion": opinion, **(data or {})},
    )
    notify_next_actors(document, actor=actor)
    return trail


def _simple(actor, document_id: int, action: str, method: str, step_kind: str, opinion: str, **kwargs) -> Document:
    """A step that is just: take the transition, record it."""

    def body(document):
        from_state = document.state
        _apply(document, method, **kwargs)
        _finish(document, actor=actor, action=action, step=step_kind, from_state=from_state, opinion=opinion)

    return _run(actor, document_id, action, body)


def _require_reason(reason: str, what: str) -> str:
    return required_text(reason, f"{what}原因", 300, field="reason", cut=True)


# --- the steps ---------------------------------------------------------------------------------

def document_submit(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    def body(document):
        if not document.title.strip() or not (document.recipient_rows.exists() or document.recipients_note):
            raise ValidationError("请先填写标题和主送机关。")
        from_state = document.state
        _apply(document, "submit")
        _finish(document, actor=actor, action="submit", step=Step.SUBMIT, from_state=from_state, opinion=step.opinion)

    return _run(actor, document_id, "submit", body)


def document_review(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    def body(document):
        from_state = document.state
        countersigned = document.joint or document.countersigns.exists()  # 联合行文: the co-issuers' heads
        _apply(document, "review_to_countersign" if countersigned else "review_to_signing")
        _finish(document, actor=actor, action="review", step=Step.REVIEW, from_state=from_state, opinion=step.opinion)

    return _run(actor, document_id, "review", body)


def document_countersign(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    """One co-signer signs — a person chosen for 会签, or the head of a co-issuing organ for it (联署
    会签); the last one (whoever that is) moves the document on to 签发."""
    signature = decode_signature(step.signature_data_url)

    def body(document):
        from_state = document.state
        now, opinion = timezone.now(), step.opinion[:300]
        mine = document.countersigns.select_for_update().filter(person=actor, signed_at__isnull=True).first()
        if mine is not None:
            mine.signed_at, mine.opinion = now, opinion
            mine.save(update_fields=["signed_at", "opinion"])
        organs = []
        if is_pending_joint_head(actor, document):
            rows = document.joint_issuers.select_for_update().filter(department_id=actor.department_id,
                                                                     countersigned_at__isnull=True)
            organs = [row.department_id for row in rows]
            rows.update(countersigned_by=actor, countersigned_at=now, opinion=opinion)
        open_rows = document.countersigns.filter(signed_at__isnull=True).exists() or (
            document.joint and document.joint_issuers.filter(countersigned_at__isnull=True).exists())
        if not open_rows:
            _apply(document, "countersign_complete")
        _finish(document, actor=actor, action="countersign", step=Step.COUNTERSIGN, from_state=from_state,
                opinion=step.opinion, signature=signature, data={"joint_for": organs} if organs else None)

    return _run(actor, document_id, "countersign", body)


def document_sign(*, actor, document_id: int, step: StepInput) -> Document:
    from oa.org.services.second_factor import count_code

    signature = decode_signature(step.signature_data_url)

    def body(document):
        confirmed_by = _confirm_identity(actor, step.confirmation, fresh=step.identity_fresh)
        # 代签 exactly when a 分管领导 signs a 上行文 under the 主要负责人's authorisation (the table let him in).
        authority_id = standin_authority(actor, document)
        as_standin = authority_id is not None
        from_state = document.state
        _apply(document, "sign", signer=actor, as_standin=as_standin, at=timezone.localtime())
        _finish(document, actor=actor, action="sign", step=Step.SIGN, from_state=from_state, opinion=step.opinion,
                as_standin=as_standin, authority_id=authority_id, signature=signature,
                data={"standin": as_standin, "authority": authority_id, "confirmed_by": confirmed_by})
        if confirmed_by != "window" and actor.otp_failures:
            count_code(actor, True)  # a right code resets the count of wrong ones

    try:
        return _run(actor, document_id, "sign", body)
    except PermissionDenied as denied:
        refusal = denied.__cause__
        if isinstance(refusal, IdentityNotConfirmed) and refusal.counts:
            count_code(actor, False)  # after the step's rollback, so the count stays
        raise


def document_check(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    return _simple(actor, document_id, "check", "recheck", Step.CHECK, step.opinion)


def document_resign(*, actor, document_id: int, step: StepInput) -> Document:
    """复核 found a substantive change: the signer must sign again."""
    reason = _require_reason(step.reason, "重新签发")
    return _simple(actor, document_id, "resign", "resign", Step.RESIGN, reason)


def document_seal(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    """印制/用印: the copies are printed and sealed; the person records how many (印制份数), which
    numbers the printed copies 000001 … (份号, see documents.rendering)."""
    copies = print_copies_value(step.print_copies)

    def body(document):
        from_state = document.state
        _apply(document, "seal", on=timezone.localdate(), print_copies=copies)
        _finish(document, actor=actor, action="seal", step=Step.SEAL, from_state=from_state, opinion=step.opinion,
                data={"print_copies": document.print_copies})

    return _run(actor, document_id, "seal", body)


def document_archive(*, actor, document_id: int, step: StepInput = NO_INPUT, filing: dict | None = None) -> Document:
    """归档: the transition, then — in the same transaction — the apps that file the 件 (documents.hooks;
    `filing` is passed to them as it came, e.g. the 保管期限 the archivist chose)."""
    from documents import hooks

    def body(document):
        from_state = document.state
        _apply(document, "archive")
        _finish(document, actor=actor, action="archive", step=Step.ARCHIVE, from_state=from_state, opinion=step.opinion)
        hooks.archived(actor=actor, document=document, filing=filing)

    return _run(actor, document_id, "archive", body)


def _back_to_draft(actor, document_id: int, action: str, method: str, step_kind: str, opinion: str, **kwargs):
    def body(document):
        from_state = document.state
        _apply(document, method, **kwargs)
        document.countersigns.update(signed_at=None, opinion="")  # a changed draft is countersigned again
        if document.joint:  # by the co-issuers' heads too
            document.joint_issuers.update(countersigned_by=None, countersigned_at=None, opinion="")
        _finish(document, actor=actor, action=action, step=step_kind, from_state=from_state, opinion=opinion)

    return _run(actor, document_id, action, body)


def document_return(*, actor, document_id: int, step: StepInput) -> Document:
    reason = _require_reason(step.reason, "退回")
    return _back_to_draft(actor, document_id, "return", "return_to_drafter", Step.RETURN, reason, reason=reason)


def document_withdraw(*, actor, document_id: int, step: StepInput = NO_INPUT) -> Document:
    return _back_to_draft(actor, document_id, "withdraw", "withdraw", Step.WITHDRAW, step.opinion)


def document_void(*, actor, document_id: int, step: StepInput) -> Document:
    from documents.services.numbering import number_void

    reason = _require_reason(step.reason, "作废")

    def body(document):
        from_state = document.state
        _apply(document, "void", reason=reason)
        number_void(document)
        _finish(document, actor=actor, action="void", step=Step.VOID, from_state=from_state, opinion=reason)

    return _run(actor, document_id, "void", body)
