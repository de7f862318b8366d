"""Permissions that follow a rule rather than a table row.

Wagtail lets into its admin (/cms/) whoever has `wagtailadmin.access_admin`. That permission is granted here
by the one rule for the portal's editors (permissions.can_edit_portal), so Wagtail's check and our gate in front
of /cms/ (oa.portal.cms_access) can never disagree — a disagreement is the login ⇄ /cms/ redirect loop. The role
groups also hold the permission (services.groups), for Wagtail's lists of who has it.
"""

from oa.org.permissions import can_edit_portal

RULES = {"wagtailadmin.access_admin": can_edit_portal}


class RuleBackend:
    """Authenticates nobody; answers has_perm for the permissions in RULES."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        rule = RULES.get(perm)
        return bool(rule and obj is None and user_obj.is_active and rule(user_obj))
