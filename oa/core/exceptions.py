"""Exceptions shared by every app's services."""


class Conflict(Exception):
    """Someone else got there first: the object is no longer in the state the person saw (HTTP 409)."""

    default = "该事项已被他人处理或状态已变化，请刷新后查看。"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default)
        self.message = message or self.default


class Refused(Exception):
    """A refusal that must stay on record even though the step's own transaction rolls back (the step
    runner, oa.core.steps, hands it to oa.core.refusals after the rollback). `outcome`: the ledger's
    outcome when not the usual one for a refusal (denied), e.g. a failed identity confirmation."""

    def __init__(self, message: str, *, action: str, outcome: str | None = None, target=None):
        super().__init__(message)
        self.message, self.action, self.outcome, self.target = message, action, outcome, target
