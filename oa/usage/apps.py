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
        self._keep_overdue_counts()
        register_main("统计", "usage", position=60)
        home.register(home_circulars)  # the latest 通报; the city leaders' 报告 ("显现在市领导桌面")
        demo.register("oa.usage.demo.seed_usage_chain", order=70)  # after the documents, trial and tickets

    @staticmethod
    def _keep_overdue_counts():
        """未办结黄牌/红牌 kept by the step that saves a delivery and by the deadline timer (oa.usage.overdue)."""
        from django.db.models.signals import post_delete, post_init, post_save

        from documents.incoming.services.supervision import deadlines_checked
        from documents.models import Delivery
        from oa.org.models import Department
        from oa.usage import overdue

        post_init.connect(overdue.remember, sender=Delivery, dispatch_uid="usage-overdue-init")
        post_save.connect(overdue.saved, sender=Delivery, dispatch_uid="usage-overdue-save")
        post_delete.connect(overdue.deleted, sender=Delivery, dispatch_uid="usage-overdue-delete")
        post_save.connect(overdue.department_created, sender=Department, dispatch_uid="usage-overdue-department")
        deadlines_checked.connect(overdue.on_deadlines_checked, dispatch_uid="usage-overdue-advance")
