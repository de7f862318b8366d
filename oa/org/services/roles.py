"""Granting and revoking roles — by the security admin only, each step ledgered."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.choices import ADMIN_ROLES, Role
from oa.org.ledger_actions import ORG_ROLE_GRANT, ORG_ROLE_REVOKE
from oa.org.models import Person, RoleGrant
from oa.org.permissions import can_grant_roles

SEPARATION_MESSAGE = "三员分立：同一人不得同时担任系统管理员、安全管理员、审计管理员中的两个角色。"


def role_group_name(role: str) -> str:
    return f"角色：{Role(role).label}"


def _sync_group(person: Person, role: str, *, member: bool) -> None:
    group, _ = Group.objects.get_or_create(name=role_group_name(role))
    if member:
        person.groups.add(group)
    else:
        person.groups.remove(group)


def _refuse(actor, action: str, person: Person, role: str, reason: str, exc_class=PermissionDenied):
    # The refusal is ledgered in its own transaction so that it survives the caller's rollback.
    with transaction.atomic():
        ledger_record(actor=actor, action=action, target=person, outcome=Outcome.DENIED, data={"role": role, "reason": reason})
    raise exc_class(reason)


def role_grant(*, actor: Person | None, person: Person, role: str, system: bool = False) -> RoleGrant:
    """Give `person` a role. `system=True` is for bootstrapping from the command line only."""
    if role not in Role.values:
        raise ValidationError("未知的角色。")
    if not system and not can_grant_roles(actor):
        _refuse(actor, ORG_ROLE_GRANT, person, role, "只有安全管理员可以授予角色。")
    if not system and actor.pk == person.pk:
        _refuse(actor, ORG_ROLE_GRANT, person, role, "不能给自己授予角色。")
    if role in ADMIN_ROLES and person.role_grants.filter(role__in=ADMIN_ROLES).exclude(role=role).exists():
        _refuse(actor, ORG_ROLE_GRANT, person, role, SEPARATION_MESSAGE, ValidationError)
    try:
        with transaction.atomic():
            grant, created = RoleGrant.objects.get_or_create(
                person=person, role=role, defaults={"granted_by": actor if not system else None}
            )
            if created:
                _sync_group(person, role, member=True)
                ledger_record(
                    actor=actor, action=ORG_ROLE_GRANT, target=person,
                    data={"role": role, "via": "system" if system else "web"},
                )
    except IntegrityError as exc:  # a racing grant hit the database's 三员分立 constraint
        raise ValidationError(SEPARATION_MESSAGE) from exc
    person.__dict__.pop("_role_set", None)
    return grant


@transaction.atomic
def role_revoke(*, actor: Person, person: Person, role: str) -> None:
    if not can_grant_roles(actor):
        _refuse(actor, ORG_ROLE_REVOKE, person, role, "只有安全管理员可以撤销角色。")
    deleted, _ = RoleGrant.objects.filter(person=person, role=role).delete()
    if deleted:
        _sync_group(person, role, member=False)
        ledger_record(actor=actor, action=ORG_ROLE_REVOKE, target=person, data={"role": role})
