"""The approval permission matrix: who drafts, who approves (a leader of the publishing department),
who withdraws and follows the read receipts."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from notices.choices import NoticeState as S
from notices.models import Notice
from notices.permissions import available_actions, may_draft, may_follow_reads
from notices.services.editing import notice_create
from notices.services.flow import notice_approve, notice_submit, notice_withdraw
from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.services.roles import role_grant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who,allowed", [
    ("info_center", True), ("clerk_a", True), ("director_a", True),
    ("staff_a", False), ("leader_a", False), ("head_a", False), ("security_officer_a", False),
    ("system_admin", False), ("security_admin", False), ("audit_admin", False),
])
def test_who_may_draft(personas, who, allowed):
    person = getattr(personas, who)
    assert may_draft(person) is allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            notice_create(actor=person, fields={"title": "测试", "body": "正文", "audience": "everyone"})
        assert not Notice.objects.exists()


# (author, approver, outcome): "ok" approves, "403" refused, "404" cannot even see the pending notice.
MATRIX = [
    ("info_center", "info_leader", "ok"),
    ("info_center", "leader_a", "404"),
    ("info_center", "head_b", "404"),
    ("info_center", "info_center", "403"),  # the author is not a leader
    ("clerk_a", "leader_a", "ok"),
    ("clerk_a", "head_a", "ok"),
    ("clerk_a", "director_a", "403"),  # sees it (publishing side) but is not a leader
    ("clerk_a", "leader_b", "404"),
    ("clerk_a", "info_leader", "404"),
    ("clerk_a", "staff_a", "404"),
    ("director_b", "leader_b", "ok"),
    ("director_b", "leader_a", "404"),
]


@pytest.mark.parametrize("author,approver,outcome", MATRIX)
def test_approval_matrix(personas, info_leader, notice, author, approver, outcome):
    people = {"info_leader": info_leader}
    author_person = people.get(author) or getattr(personas, author)
    approver_person = people.get(approver) or getattr(personas, approver)
    made = notice(author=author_person)
    notice_submit(actor=author_person, notice_id=made.pk)
    if outcome == "ok":
        assert "approve" in available_actions(approver_person, Notice.objects.get(pk=made.pk))
        assert notice_approve(actor=approver_person, notice_id=made.pk).state == S.PUBLISHED
        return
    expected = PermissionDenied if outcome == "403" else Http404
    with pytest.raises(expected):
        notice_approve(actor=approver_person, notice_id=made.pk)
    assert Notice.objects.get(pk=made.pk).state == S.PENDING
    if outcome == "403":
        assert LedgerEntry.objects.filter(action="notice.approve", outcome="denied").exists()


def test_nobody_approves_their_own_notice(personas, notice):
    role_grant(actor=None, person=personas.director_a, role=Role.LEADER, system=True)
    personas.director_a.__dict__.pop("_role_set", None)
    made = notice(author=personas.director_a)
    notice_submit(actor=personas.director_a, notice_id=made.pk)
    with pytest.raises(PermissionDenied):
        notice_approve(actor=personas.director_a, notice_id=made.pk)
    assert notice_approve(actor=personas.leader_a, notice_id=made.pk).state == S.PUBLISHED


def test_only_the_author_submits(personas, notice):
    made = notice(author=personas.clerk_a)
    with pytest.raises(PermissionDenied):
        notice_submit(actor=personas.director_a, notice_id=made.pk)  # sees it, may not submit someone else's draft
    with pytest.raises(Http404):
        notice_submit(actor=personas.clerk_b, notice_id=made.pk)


@pytest.mark.parametrize("who,allowed", [("info_center", True), ("info_leader", True), ("clerk_a", False),
                                         ("leader_a", False)])
def test_who_may_withdraw_a_published_notice(personas, info_leader, notice, who, allowed):
    person = info_leader if who == "info_leader" else getattr(personas, who)
    made = notice(publish=True)
    if allowed:
        assert notice_withdraw(actor=person, notice_id=made.pk, reason="有误").state == S.WITHDRAWN
    else:
        with pytest.raises(PermissionDenied):  # they see it (audience) but may not withdraw it
            notice_withdraw(actor=person, notice_id=made.pk, reason="有误")


def test_read_status_is_for_the_publishing_side_only(personas, info_leader, notice):
    made = notice(publish=True)
    assert may_follow_reads(personas.info_center, made) and may_follow_reads(info_leader, made)
    assert not may_follow_reads(personas.clerk_a, made) and not may_follow_reads(personas.leader_b, made)
