from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "通知公告"

    def ready(self):
        import notices.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from notices import todo
        from notices.views.portal import home_notices
        from oa.core import demo, home, navigation
        from oa.core.todo import TO_READ, register

        register(todo.work_source, counter=todo.work_counter, lister=todo.work_listed)
        register(todo.unread_source, group=TO_READ, counter=todo.unread_counter, lister=todo.unread_listed)
        navigation.register_main("通知公告", "notices", position=40)
        home.register(home_notices)
        demo.register("notices.demo.seed_notices", order=50, report_as="notices")
