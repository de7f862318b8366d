"""Every "may this person do this?" rule about organisation, login and administration."""

from django.conf import settings

from oa.org.choices import SECOND_FACTOR_ROLES, Role


def requires_second_factor(person) -> bool:
    """Leaders and the three admins must pass TOTP when OA_REQUIRE_2FA is on."""
    return bool(settings.OA_REQUIRE_2FA) and person.is_authenticated and person.has_role(*SECOND_FACTOR_ROLES)


def can_grant_roles(person) -> bool:
    """Role grants are made by the security admin only (三员分立)."""
    return person.is_authenticated and person.has_role(Role.SECURITY_ADMIN)


def can_import_org(person) -> bool:
    """Departments and people are maintained by the system admin."""
    return person.is_authenticated and person.has_role(Role.SYSTEM_ADMIN)


def may_import(person) -> bool:
    """The organisation import page: the system admin (departments, people) and the security admin
    (roles files); which kinds each may import is decided per file in oa/orgimport/services/service.py."""
    return can_import_org(person) or can_grant_roles(person)


def can_read_ledger(person) -> bool:
    """The audit admin reads the ledger; nobody writes it by hand."""
    return person.is_authenticated and person.has_role(Role.AUDIT_ADMIN)


def can_reset_second_factor(person) -> bool:
    return can_grant_roles(person)


def can_edit_portal(person) -> bool:
    """The information center keeps the portal's help centre, hotlines and FAQ."""
    return person.is_authenticated and person.has_role(Role.INFO_CENTER, Role.SYSTEM_ADMIN)
