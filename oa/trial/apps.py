from django.apps import AppConfig


class TrialConfig(AppConfig):
    name = "oa.trial"
    label = "trial"
    verbose_name = "双轨试运行"

    def ready(self):
        import oa.trial.ledger_actions  # noqa: F401  (registers this app's ledger actions)
        from documents.hooks import register_after_dispatch, register_paper_pairing
        from oa.core import demo, navigation
        from oa.core.todo import register
        from oa.org.unit_groups import register_unit_groups
        from oa.trial import todo
        from oa.trial.selectors import running_trial_units
        from oa.trial.services import paper_requirements_for_dispatch
        from oa.trial.services.paper import pair_with_requirement

        register(todo.paper_source, counter=todo.paper_counter, lister=todo.paper_listed)
        register(todo.report_source, counter=todo.report_counter, lister=todo.report_listed)
        register_unit_groups(running_trial_units)
        register_after_dispatch(paper_requirements_for_dispatch)
        register_paper_pairing(pair_with_requirement)
        navigation.register_main("双轨试运行", "trial", position=50)
        # The trial before the documents (their dispatch applies its transmission rule), its paper after.
        demo.register("oa.trial.demo.seed_trial", order=20)
        demo.register("oa.trial.demo.seed_trial_activity", order=40)
