from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "oa.audit"
    label = "audit"
    verbose_name = "审计账本"

    def ready(self):
        from oa.audit import denials
        from oa.core import refusals

        refusals.register(refused=denials.record_refused, denied=denials.record_denial)
