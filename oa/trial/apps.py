from django.apps import AppConfig


class TrialConfig(AppConfig):
    name = "oa.trial"
    label = "trial"
    verbose_name = "双轨试运行"

    def ready(self):
        import oa.trial.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from oa.core.todo import register
        from oa.trial import todo

        register(todo.paper_source)
        register(todo.report_source)
