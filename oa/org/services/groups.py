"""One Django group per role, so that Wagtail's admin and model permissions follow the roles.

Roles are the truth (RoleGrant); membership of the group "角色：…" is kept in step by
services.roles, and the group's permissions are set here after every migrate.
"""

from django.contrib.auth.models import Group, Permission

from oa.org.choices import Role
from oa.org.permissions import PORTAL_EDITOR_ROLES

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # The portal's editors (oa.org.permissions.can_edit_portal) and only they enter Wagtail's admin.
    # No org.* model permissions for anyone: Wagtail's user admin would let their holder edit group
    # membership, which is role granting by the back door. People and roles change through our
    # services only (import by the system admin, grants by the security admin).
    **{role: ["wagtailadmin.access_admin"] for role in PORTAL_EDITOR_ROLES},
    Role.AUDIT_ADMIN: ["audit.view_ledgerentry"],
}


def ensure_role_groups() -> None:
    from oa.org.services.roles import role_group_name

    for role in Role.values:
        group, _ = Group.objects.get_or_create(name=role_group_name(role))
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)
