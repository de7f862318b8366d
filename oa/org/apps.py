from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "oa.org"
    label = "org"
    verbose_name = "组织与人员"

    def ready(self):
        import oa.org.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.org import signals  # noqa: F401  (auth events → ledger; role groups after migrate)
