from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "通知公告"

    def ready(self):
        import notices.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from notices import todo
        from oa.core.todo import register

        register(todo.work_source)
        register(todo.unread_source)
