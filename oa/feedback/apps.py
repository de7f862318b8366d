from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "oa.feedback"
    label = "feedback"
    verbose_name = "问题反馈"

    def ready(self):
        import oa.feedback.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.core import demo, navigation
        from oa.core.todo import register
        from oa.feedback import todo
        from oa.feedback.services.reporting import RELEASE_PURPOSE, held_screenshot_released
        from oa.uploads.review import register_release_handler

        register(todo.untaken_source, counter=todo.untaken_counter, lister=todo.untaken_listed)
        register(todo.confirm_source, counter=todo.confirm_counter, lister=todo.confirm_listed)
        register_release_handler(RELEASE_PURPOSE, held_screenshot_released)
        navigation.register_main("问题反馈", "feedback", position=70)
        demo.register("oa.feedback.demo.seed_tickets", order=60)
