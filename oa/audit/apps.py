from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "oa.audit"
    label = "audit"
    verbose_name = "审计账本"
