"""Exceptions shared by every app's services."""


class Conflict(Exception):
    """Someone else got there first: the object is no longer in the state the person saw (HTTP 409)."""

    default = "该事项已被他人处理或状态已变化，请刷新后查看。"

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default)
        self.message = message or self.default
