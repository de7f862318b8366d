"""Moving a notice through its state graph, with the project's one step runner (oa.core.steps):
lock the visible row (404), check the state (409) and the person (403, ledgered), take the
@transition, save, ledger, and queue the live hints for after commit."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notices.choices import Audience, NoticeState
from notices.models import Notice, NoticeRead
from notices.permissions import ACTION_LABELS, APPROVER, NOTICE_FLOW, TRANSITIONS, may
from notices.selectors import notice_for
from notices.services.editing import check_audience
from notices.services.errors import Conflict
from oa.audit.actions import step_code
from oa.audit.services import ledger_record
from oa.core import steps
from oa.core.live import EVERYONE, department_audience, notify_group_on_commit, notify_person_on_commit
from oa.core.text import required_text
from oa.org.models import Person

S = NoticeState
run_step = partial(steps.run_step, conflict=Conflict)
save_changed = steps.save_changed
apply_transition = partial(steps.apply_transition, conflict=Conflict)


def _locate(actor, notice_id: int) -> Notice:
    """The visible notice, locked; a published notice past its expiry is expired here and now, so
    that nobody acts on it as if it were still out."""
    notice = notice_for(actor, notice_id, for_update=True)
    if notice.state == S.PUBLISHED and notice.is_past_expiry:
        _expire(notice, actor=None)
    return notice


def _run(actor, notice_id: int, action: str, body) -> Notice:
    return run_step(
        actor=actor, locate=lambda: _locate(actor, notice_id),
        allowed=lambda notice: may(actor, action, notice), states=NOTICE_FLOW.states_for(action),
        label=ACTION_LABELS[action], ledger_action=step_code("notice", action), body=body,
    )


def _require_reason(reason: str, what: str) -> str:
    return required_text(reason, f"{what}原因", 300, field="reason", cut=True)


def _ledger(notice, *, actor, action: str, from_state: str, **data) -> None:
    ledger_record(actor=actor, action=step_code("notice", action), target=notice,
                  data={"from": from_state, "to": notice.state, **data})


def _move(notice, method: str, arguments: dict, *, actor, action: str, **data) -> None:
    """Take the @transition `method` with `arguments`, save, and put the step `action` on the ledger
    (from → to, and `data`)."""
    from_state = notice.state
    apply_transition(notice, method, **arguments)
    save_changed(notice)
    _ledger(notice, actor=actor, action=action, from_state=from_state, **data)


def _todo_changed(notice, person_ids) -> None:
    """A live hint to each of these people that their 待办 changed: `notice` moved to a new state."""
    for person_id in person_ids:
        notify_person_on_commit(person_id, "todo.changed", notice=notice.pk, state=notice.state)


def _tell_audience(notice, person_ids) -> None:
    """The live hints of a publication: one send to the whole audience (everyone, or each department),
    per person only for a list of named people. They name the notice, nothing more: each page re-reads
    it through the views that check who may see it."""
    if notice.audience == Audience.EVERYONE:
        audiences = [EVERYONE]
    elif notice.audience == Audience.DEPARTMENTS:
        audiences = [department_audience(pk) for pk in notice.audience_departments.values_list("pk", flat=True)]
    else:
        for person_id in person_ids:
            notify_person_on_commit(person_id, "notice.published", notice=notice.pk)
            notify_person_on_commit(person_id, "todo.changed", notice=notice.pk)
        return
    for audience in audiences:
        notify_group_on_commit(audience, "notice.published", notice=notice.pk)
        notify_group_on_commit(audience, "todo.changed", notice=notice.pk)


def audience_people(notice):
    """Who should read the notice, in department order (so receipt rows come out grouped). The author
    wrote it and is not asked to read it."""
    people = Person.objects.filter(is_active=True).exclude(pk=notice.author_id)
    if notice.audience == Audience.DEPARTMENTS:
        people = people.filter(department__in=notice.audience_departments.all())
    elif notice.audience == Audience.PEOPLE:
        people = people.filter(pk__in=notice.audience_people.all())
    return people.order_by("department__sort_order", "department_id", "id").values_list("id", "department_id")


def _unread_ids(notice) -> list[int]:
    return list(NoticeRead.objects.filter(notice=notice, opened_at__isnull=True).values_list("person_id", flat=True))


# --- the steps ---------------------------------------------------------------------------------

def notice_submit(*, actor, notice_id: int) -> Notice:
    def body(notice):
        if not notice.title.strip() or not (notice.body.strip() or notice.attachments.exists()):
            raise ValidationError("请先填写标题和正文。")
        if notice.is_past_expiry:
            raise ValidationError({"expires_at": "有效期已过，请修改有效期后再提交。"})
        check_audience(notice)
        _move(notice, "submit", {"at": timezone.now()}, actor=actor, action="submit")
        _todo_changed(notice, NOTICE_FLOW.waiting_ids(notice))  # its approvers

    return _run(actor, notice_id, "submit", body)


def notice_approve(*, actor, notice_id: int) -> Notice:
    """A leader of the publishing department publishes the notice: every member of the audience
    gets a receipt row, a live hint, and the notice in their 待阅."""

    def body(notice):
        if notice.is_past_expiry:
            raise ValidationError({"expires_at": "有效期已过，请退回拟稿人修改有效期。"})
        from_state = notice.state
        apply_transition(notice, "approve", approver=actor, at=timezone.now())
        recipients = list(audience_people(notice))
        NoticeRead.objects.bulk_create(
            [NoticeRead(notice=notice, person_id=pk, department_id=dept) for pk, dept in recipients],
            batch_size=1000, ignore_conflicts=True,
        )
        notice.recipient_count = NoticeRead.objects.filter(notice=notice).count()
        notice.read_count = 0
        save_changed(notice)
        _ledger(notice, actor=actor, action="approve", from_state=from_state, recipients=notice.recipient_count)
        _tell_audience(notice, [person_id for person_id, _ in recipients])
        _todo_changed(notice, APPROVER.person_ids(notice) | {notice.author_id})

    return _run(actor, notice_id, "approve", body)


def notice_return(*, actor, notice_id: int, reason: str) -> Notice:
    reason = _require_reason(reason, "退回")

    def body(notice):
        _move(notice, "return_to_author", {"reason": reason}, actor=actor, action="return", reason=reason)
        _todo_changed(notice, APPROVER.person_ids(notice) | {notice.author_id})

    return _run(actor, notice_id, "return", body)


def notice_withdraw(*, actor, notice_id: int, reason: str) -> Notice:
    reason = _require_reason(reason, "撤回")

    def body(notice):
        _move(notice, "withdraw", {"reason": reason, "at": timezone.now()}, actor=actor, action="withdraw", reason=reason)
        _todo_changed(notice, set(NoticeRead.objects.filter(notice=notice).values_list("person_id", flat=True)))

    return _run(actor, notice_id, "withdraw", body)


def notice_transition(*, actor, notice_id: int, action: str, reason: str = "") -> Notice:
    """One entry for the pages and the API: `action` is one of permissions.TRANSITIONS."""
    if action == "submit":
        return notice_submit(actor=actor, notice_id=notice_id)
    if action == "approve":
        return notice_approve(actor=actor, notice_id=notice_id)
    if action == "return":
        return notice_return(actor=actor, notice_id=notice_id, reason=reason)
    if action == "withdraw":
        return notice_withdraw(actor=actor, notice_id=notice_id, reason=reason)
    raise ValueError(f"unknown notice action {action!r}; one of {TRANSITIONS}")


# --- expiry ------------------------------------------------------------------------------------

def _expire(notice: Notice, *, actor) -> None:
    from_state = notice.state
    notice.expire(at=timezone.now())
    notice.save()
    _ledger(notice, actor=actor, action="expire", from_state=from_state, expires_at=notice.expires_at.isoformat())
    _todo_changed(notice, _unread_ids(notice))


def notices_expire_due(*, now=None) -> int:
    """Move every published notice past its expiry date to 已过期 (the management command and the
    background task call this). Each notice in its own transaction; returns how many moved."""
    now = now or timezone.now()
    due = list(Notice.objects.filter(state=S.PUBLISHED, expires_at__lte=now).values_list("pk", flat=True))
    moved = 0
    for notice_id in due:
        with transaction.atomic():
            notice = Notice.objects.select_for_update().filter(pk=notice_id, state=S.PUBLISHED).first()
            if notice is None or not notice.is_past_expiry:
                continue  # withdrawn or re-dated meanwhile
            _expire(notice, actor=None)
            moved += 1
    return moved
