from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "oa.feedback"
    label = "feedback"
    verbose_name = "问题反馈"

    def ready(self):
        import oa.feedback.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.core.todo import register
        from oa.feedback import todo

        register(todo.untaken_source)
        register(todo.confirm_source)

        from oa.feedback.services.reporting import RELEASE_PURPOSE, held_screenshot_released
        from oa.uploads.review import register_release_handler

        register_release_handler(RELEASE_PURPOSE, held_screenshot_released)
