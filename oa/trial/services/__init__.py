from oa.trial.services.rule import paper_requirements_for_dispatch

__all__ = ["paper_requirements_for_dispatch"]
