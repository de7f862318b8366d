"""Exceptions the feedback services raise; views and the API turn them into 409 answers."""

from oa.core.exceptions import Conflict as BaseConflict


class Conflict(BaseConflict):
    default = "该问题反馈已被他人处理或状态已变化，请刷新后查看。"
