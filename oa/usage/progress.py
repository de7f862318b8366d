"""How far a bulletin being generated in the background has got (the dashboard's progress bar).

A job is a small record in the cache (Redis in production, shared by the web processes and the
django-tasks worker): who started it, for which period, the stage, a percentage, and at the end
the report or the refusal message. The close itself reports its stages through `stage()`, which
does nothing unless a job is running in this thread (the timer's close has no job).
"""

from __future__ import annotations

import contextlib
import re
import secrets
from contextvars import ContextVar

from django.core.cache import cache

TIMEOUT = 24 * 3600
STAGES = {  # key: (percent, text)
    "queued": (0, "已排队，等待后台处理"),
    "figures": (10, "正在重算并冻结本期数据"),
    "charts": (40, "正在绘制图表"),
    "pdf": (55, "正在生成 PDF"),
    "docx": (80, "正在生成 DOCX"),
    "done": (100, "已完成"),
    "failed": (100, "生成失败"),
}
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")  # what new_job makes (token_urlsafe): a safe cache key
_current: ContextVar[str | None] = ContextVar("oa_usage_job", default=None)


def _key(job: str) -> str:
    return f"usage-job:{job}"


def new_job(*, period: str, actor_id: int | None) -> str:
    job = secrets.token_urlsafe(12)
    cache.set(_key(job), {"job": job, "period": period, "actor": actor_id, "stage": "queued",
                          "percent": 0, "text": STAGES["queued"][1], "finished": False}, TIMEOUT)
    return job


def get(job: str) -> dict | None:
    if not _JOB_ID.fullmatch(job or ""):
        return None
    return cache.get(_key(job))


def update(job: str, stage_key: str, **extra) -> None:
    record = get(job) or {"job": job}
    percent, text = STAGES[stage_key]
    record.update({"stage": stage_key, "percent": percent, "text": text,
                   "finished": stage_key in ("done", "failed"), **extra})
    cache.set(_key(job), record, TIMEOUT)


@contextlib.contextmanager
def running(job: str | None):
    token = _current.set(job)
    try:
        yield
    finally:
        _current.reset(token)


def stage(stage_key: str) -> None:
    job = _current.get()
    if job:
        update(job, stage_key)
