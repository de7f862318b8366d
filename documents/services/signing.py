"""签发授权 (条例 art. 22): which authorisations a person sees, and granting and revoking them.

The 主要负责人 of a department grants one of its 分管领导 the right to sign its 上行文 from one date to
another, for some kinds of document or all; the system admin may record it for any department (the grant
is still the 主要负责人's: he or she is its grantor). Who may sign under it is the workflow table's
(documents/permissions.py, Signer); each grant and revocation is ledgered."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from documents.choices import DocType
from documents.ledger_actions import DOCUMENT_SIGNING_GRANT, DOCUMENT_SIGNING_REVOKE
from documents.models import SigningAuthority
from documents.permissions import may_grant_signing, may_manage_signing
from oa.audit.services import ledger_record
from oa.core.forms import FIRST_OFFICE_DATE, LAST_OFFICE_DATE, OFFICE_DATE_MESSAGE
from oa.core.pagination import Page, keyset
from oa.org.choices import Role
from oa.org.models import Department, Person

MAX_SPAN = timedelta(days=366)
NOT_FOUND = "未找到该签发授权。"


def authorities_visible_to(person):
    """The system admin sees every authorisation; a 主要负责人 his or her department's; anyone those granted to them."""
    rows = SigningAuthority.objects.select_related("department", "grantor", "grantee", "created_by", "revoked_by")
    if not person.is_authenticated:
        return rows.none()
    if person.has_role(Role.SYSTEM_ADMIN):
        return rows
    mine = Q(grantee_id=person.pk)
    if person.has_role(Role.PRINCIPAL_HEAD) and person.department_id:
        mine |= Q(department_id=person.department_id)
    return rows.filter(mine)


def authority_page(person, *, before=None, size: int) -> Page:
    return keyset(authorities_visible_to(person), before=before, size=size)


def grantable_people(person):
    """Whom `person` may authorise: the active 分管领导 of his or her department (of every department for the
    system admin) who are not 主要负责人 themselves."""
    people = Person.objects.filter(is_active=True, role_grants__role=Role.LEADER).exclude(
        role_grants__role=Role.PRINCIPAL_HEAD)
    if not person.has_role(Role.SYSTEM_ADMIN):
        people = people.filter(department_id=person.department_id)
    return people.select_related("department").order_by("department__sort_order", "id").distinct()


def _kinds(values) -> str:
    if values in (None, ""):
        return ""
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ValidationError({"doc_types": "文种应为列表，例如 [\"请示\", \"报告\"]；留空表示全部文种。"})
    unknown = [str(value) for value in values if value not in DocType.values]
    if unknown:
        raise ValidationError({"doc_types": f"未知的文种：{'、'.join(unknown)}。"})
    return SigningAuthority.pack_kinds(values)


def _dates(valid_from, valid_until) -> tuple[date, date]:
    if not isinstance(valid_from, date) or not isinstance(valid_until, date):
        raise ValidationError({"valid_until": "请填写授权的生效日期和截止日期。"})
    if not (FIRST_OFFICE_DATE <= valid_from <= LAST_OFFICE_DATE and FIRST_OFFICE_DATE <= valid_until <= LAST_OFFICE_DATE):
        raise ValidationError({"valid_until": OFFICE_DATE_MESSAGE})
    if valid_until < valid_from:
        raise ValidationError({"valid_until": "截止日期不能早于生效日期。"})
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": "截止日期已过，授权不会生效。"})
    if valid_until - valid_from > MAX_SPAN:
        raise ValidationError({"valid_until": "一次授权最长一年，到期后可重新授权。"})
    return valid_from, valid_until


def _grantor(actor, department: Department) -> Person:
    if actor.has_role(Role.PRINCIPAL_HEAD) and actor.department_id == department.pk:
        return actor
    heads = list(Person.objects.filter(is_active=True, department=department, role_grants__role=Role.PRINCIPAL_HEAD)[:2])
    if len(heads) != 1:
        raise ValidationError({"department": f"{department.name}{'没有' if not heads else '有多位'}在职的主要负责人，"
                                             "无法代为登记授权。"})
    return heads[0]


def authority_grant(*, actor, grantee_id, valid_from, valid_until, doc_types=None, department_id=None) -> SigningAuthority:
    """The 主要负责人 (or the system admin for a department) authorises a 分管领导 to sign its 上行文."""
    if not may_manage_signing(actor):
        raise PermissionDenied("只有主要负责人或系统管理员可以授权签发。")
    department_id = department_id or actor.department_id
    department = Department.objects.filter(pk=department_id, is_active=True).first() if department_id else None
    if department is None:
        raise ValidationError({"department": "请选择单位。"})
    if not may_grant_signing(actor, department.pk):
        raise PermissionDenied("只能为本单位的分管领导授权签发。")
    kinds = _kinds(doc_types)
    valid_from, valid_until = _dates(valid_from, valid_until)
    grantee = grantable_people(actor).filter(pk=grantee_id, department=department).first() if grantee_id else None
    if grantee is None:
        raise ValidationError({"grantee": f"被授权人须为{department.name}在职的分管领导（主要负责人本人无需授权）。"})
    with transaction.atomic():
        grantor = _grantor(actor, department)
        authority = SigningAuthority.objects.create(
            department=department, grantor=grantor, grantee=grantee, valid_from=valid_from, valid_until=valid_until,
            doc_types=kinds, created_by=actor,
        )
        ledger_record(actor=actor, action=DOCUMENT_SIGNING_GRANT, target=authority, department=department, data={
            "department": department.pk, "grantor": grantor.pk, "grantee": grantee.pk,
            "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat(), "doc_types": authority.kinds,
        })
    return authority


def authority_revoke(*, actor, authority_id) -> SigningAuthority:
    if not may_manage_signing(actor):
        raise PermissionDenied("只有主要负责人或系统管理员可以撤销签发授权。")
    with transaction.atomic():
        authority = SigningAuthority.objects.select_for_update().filter(pk=authority_id).first()
        if authority is None or not may_grant_signing(actor, authority.department_id):
            raise Http404(NOT_FOUND)
        if authority.revoked_at is not None:
            raise ValidationError("该授权已于此前撤销。")
        authority.revoked_at, authority.revoked_by = timezone.now(), actor
        authority.save(update_fields=["revoked_at", "revoked_by"])
        ledger_record(actor=actor, action=DOCUMENT_SIGNING_REVOKE, target=authority, department=authority.department,
                      data={"department": authority.department_id, "grantee": authority.grantee_id})
    return authority
