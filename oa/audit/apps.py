from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "oa.audit"
    label = "audit"
    verbose_name = "审计账本"

    def ready(self):
        from django.db.backends.signals import connection_created

        from oa.audit import checks, denials, guard  # noqa: F401  (checks registers the deploy check)
        from oa.audit.permissions import can_read_ledger
        from oa.core import refusals
        from oa.core.navigation import register_admin

        connection_created.connect(guard.install, dispatch_uid="oa.audit.guard")
        refusals.register(refused=denials.record_refused, denied=denials.record_denial)
        register_admin("审计日志", "audit-ledger", position=30, allowed=can_read_ledger)
