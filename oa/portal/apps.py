from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "oa.portal"
    label = "portal"
    verbose_name = "门户"
