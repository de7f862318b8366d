"""The notice's state graph: draft → pending → published → withdrawn, and the return path."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from notices.choices import NoticeState as S
from notices.models import Notice, NoticeRead
from notices.services.editing import notice_update
from notices.services.errors import Conflict
from notices.services.flow import notice_approve, notice_return, notice_submit, notice_withdraw
from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _actions(notice):
    return list(LedgerEntry.objects.filter(target_type="notices.notice", target_id=str(notice.pk))
                .order_by("id").values_list("action", flat=True))


def test_the_happy_path_publishes_and_makes_a_receipt_row_per_audience_member(personas, notice, info_leader):
    draft = notice()
    assert draft.state == S.DRAFT
    pending = notice_submit(actor=personas.info_center, notice_id=draft.pk)
    assert pending.state == S.PENDING and pending.submitted_at
    published = notice_approve(actor=info_leader, notice_id=draft.pk)
    assert published.state == S.PUBLISHED and published.approver == info_leader and published.published_at
    readers = set(NoticeRead.objects.filter(notice=published).values_list("person__username", flat=True))
    expected = {p.username for p in (personas.staff_a, personas.clerk_a, personas.director_a, personas.leader_a,
                                     personas.head_a, personas.security_officer_a, personas.staff_b, personas.clerk_b,
                                     personas.director_b, personas.leader_b, personas.head_b)}
    assert readers == expected
    assert Notice.objects.get(pk=draft.pk).recipient_count == len(expected)
    withdrawn = notice_withdraw(actor=personas.info_center, notice_id=draft.pk, reason="时间调整，另行通知")
    assert withdrawn.state == S.WITHDRAWN and withdrawn.withdraw_reason == "时间调整，另行通知" and withdrawn.ended_at
    assert _actions(draft) == ["notice.create", "notice.submit", "notice.approve", "notice.withdraw"]


def test_return_goes_back_to_the_author_with_the_reason_and_resubmitting_clears_it(personas, notice, info_leader):
    draft = notice()
    notice_submit(actor=personas.info_center, notice_id=draft.pk)
    returned = notice_return(actor=info_leader, notice_id=draft.pk, reason="请补充培训地点")
    assert returned.state == S.DRAFT and returned.return_reason == "请补充培训地点"
    edited = notice_update(actor=personas.info_center, notice_id=draft.pk, version=returned.version,
                           fields={"body": "一、培训地点\n市政府大楼13楼。"})
    assert edited.version == returned.version + 1
    again = notice_submit(actor=personas.info_center, notice_id=draft.pk)
    assert again.state == S.PENDING and again.return_reason == ""
    assert notice_approve(actor=info_leader, notice_id=draft.pk).state == S.PUBLISHED


@pytest.mark.parametrize("step", [notice_return, notice_withdraw])
def test_return_and_withdraw_need_a_reason(personas, notice, info_leader, step):
    made = notice(publish=step is notice_withdraw)
    if step is notice_return:
        notice_submit(actor=personas.info_center, notice_id=made.pk)
    actor = info_leader
    with pytest.raises(ValidationError):
        step(actor=actor, notice_id=made.pk, reason="  ")
    assert Notice.objects.get(pk=made.pk).state == (S.PENDING if step is notice_return else S.PUBLISHED)


def test_a_second_approval_of_the_same_notice_is_a_conflict(personas, notice, info_leader):
    made = notice(publish=True)
    with pytest.raises(Conflict):
        notice_approve(actor=info_leader, notice_id=made.pk)
    assert NoticeRead.objects.filter(notice=made).count() == made.recipient_count


def test_a_draft_cannot_be_edited_once_submitted(personas, notice):
    made = notice()
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    with pytest.raises(PermissionDenied):
        notice_update(actor=personas.info_center, notice_id=made.pk, version=made.version, fields={"title": "改"})


def test_an_old_version_does_not_overwrite_a_newer_save(personas, notice):
    made = notice()
    notice_update(actor=personas.info_center, notice_id=made.pk, version=made.version, fields={"title": "第二稿"})
    with pytest.raises(Conflict):
        notice_update(actor=personas.info_center, notice_id=made.pk, version=made.version, fields={"title": "旧稿"})
    assert Notice.objects.get(pk=made.pk).title == "第二稿"


def test_submitting_needs_a_title_body_and_an_audience(personas, notice):
    made = notice(body="")
    with pytest.raises(ValidationError):
        notice_submit(actor=personas.info_center, notice_id=made.pk)
    with pytest.raises(ValidationError):
        notice(departments=[])  # chosen departments, none chosen
    assert Notice.objects.get(pk=made.pk).state == S.DRAFT


def test_the_state_field_is_protected(notice):
    made = notice()
    with pytest.raises(AttributeError):
        made.state = S.PUBLISHED
    with pytest.raises(TransitionNotAllowed):
        made.approve(approver=None, at=None)
