"""The project's step runner (oa.core.steps), answering conflicts in the words of 公文."""

from functools import partial

from documents.services.errors import Conflict
from oa.core import steps
from oa.core.exceptions import Refused

save_changed = steps.save_changed
run_step = partial(steps.run_step, conflict=Conflict)
apply_transition = partial(steps.apply_transition, conflict=Conflict)

__all__ = ["Refused", "apply_transition", "run_step", "save_changed"]
