"""Every "may this person do this?" rule about organisation, login and administration."""

from django.conf import settings

from oa.org.choices import SECOND_FACTOR_ROLES, Role


def requires_second_factor(person) -> bool:
    """Leaders and the three admins must pass TOTP when OA_REQUIRE_2FA is on."""
    return bool(settings.OA_REQUIRE_2FA) and person.is_authenticated and person.has_role(*SECOND_FACTOR_ROLES)


def token_lacks_second_factor(token) -> bool:
    """A token issued (or last renewed) without a TOTP code does not stand for a person who must now use
    one — because OA_REQUIRE_2FA was switched on or a role requiring it was granted since."""
    return not token.has_second_factor and requires_second_factor(token.person)


def can_manage_all_tokens(person) -> bool:
    """The security admin lists and revokes everybody's personal tokens; everyone else only their own."""
    return can_grant_roles(person)


def can_manage_token(person, token) -> bool:
    return person.is_authenticated and (token.person_id == person.pk or can_manage_all_tokens(person))


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


# Who keeps the portal's help centre, hotlines and FAQ in the CMS (/cms/). Wagtail's wagtailadmin.access_admin
# follows this rule (backends.RuleBackend), so Wagtail's own check and our gate in front of /cms/ agree.
PORTAL_EDITOR_ROLES = (Role.INFO_CENTER, Role.SYSTEM_ADMIN)


def can_edit_portal(person) -> bool:
    """The information center (and the system admin) keep the portal; everyone else is refused /cms/."""
    return person.is_authenticated and person.has_role(*PORTAL_EDITOR_ROLES)


def may_manage_series(person) -> bool:
    """The 发文字号序列 page: the system admin (every organ) and an organ's 办公室主任 (their own organ's)."""
    return person.is_authenticated and (
        person.has_role(Role.SYSTEM_ADMIN) or (person.has_role(Role.OFFICE_DIRECTOR) and bool(person.department_id)))


def can_manage_series(person, organs) -> bool:
    """Add, stop or restart a series of `organs`: the system admin, or the 办公室主任 of one of them (a 联合
    series is its organs' shared business; the director of any of them may add it)."""
    if not person.is_authenticated:
        return False
    if person.has_role(Role.SYSTEM_ADMIN):
        return True
    return person.has_role(Role.OFFICE_DIRECTOR) and any(o.pk == person.department_id for o in organs)
