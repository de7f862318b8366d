from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "oa.org"
    label = "org"
    verbose_name = "组织与人员"

    def ready(self):
        import oa.org.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.audit.permissions import register_reader
        from oa.core.navigation import register_admin, register_personal
        from oa.org import signals  # noqa: F401  (auth events → ledger; role groups after migrate)
        from oa.org.permissions import can_grant_roles, can_read_ledger, may_manage_series

        register_reader(can_read_ledger)
        register_admin("角色授权", "org-roles", position=10, allowed=can_grant_roles)
        register_admin("发文字号序列", "org-number-series", position=25, allowed=may_manage_series)
        register_personal("我的常用意见", "phrases", position=10)
