from django.apps import AppConfig


class UsageConfig(AppConfig):
    name = "oa.usage"
    label = "usage"
    verbose_name = "使用情况通报"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import oa.usage.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.audit.listeners import register
        from oa.core import demo, home
        from oa.core.navigation import register_main
        from oa.usage.circular_views import home_circulars
        from oa.usage.listener import on_ledger_entry

        register(on_ledger_entry)
        register_main("统计", "usage", position=60)
        home.register(home_circulars)  # the latest 通报; the city leaders' 报告 ("显现在市领导桌面")
        demo.register("oa.usage.demo.seed_usage_chain", order=70)  # after the documents, trial and tickets
