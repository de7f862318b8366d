"""Notices: an information-center leader to approve the information center's notices, and a
`notice(...)` helper that drafts (and optionally publishes) through the services."""

import pytest

from notices.choices import Audience
from notices.services.editing import notice_create
from notices.services.flow import notice_approve, notice_submit


@pytest.fixture
def notice(personas, info_leader):
    """notice(author=…, departments=[…], people=[…], publish=False, **fields) -> a notice, by default
    the information center's draft for departments A and B."""

    def _notice(author=None, departments=None, people=None, publish=False, approver=None, **fields):
        author = author or personas.info_center
        values = {"title": "关于开展办公业务系统操作培训的通知", "body": "一、培训对象\n各单位文书。",
                  "audience": Audience.DEPARTMENTS}
        values.update(fields)
        if values["audience"] == Audience.DEPARTMENTS and departments is None:
            departments = [personas.dept_a, personas.dept_b]
        made = notice_create(actor=author, fields=values, departments=departments, people=people)
        if publish:
            notice_submit(actor=author, notice_id=made.pk)
            made = notice_approve(actor=approver or info_leader, notice_id=made.pk)
        made.refresh_from_db()
        return made

    return _notice
