"""Feedback tickets: a leader of the information center (the coordination group's leader), and a
`ticket(...)` helper that files through the service."""

from datetime import datetime

import pytest
from django.utils import timezone

from oa.feedback.services.reporting import ticket_report
from oa.org.choices import Role
from tests.factories import person_with_role


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def info_operator(personas):
    return person_with_role("xxzx_info2", personas.info_dept, Role.INFO_CENTER, "系统运维", name="尹德雄")


@pytest.fixture
def ticket(personas):
    """ticket(actor=…, reporter=…, page_url=…, now=…, **fields) -> a filed ticket (default: department
    A's staff member, a software fault of normal severity)."""

    def _ticket(actor=None, reporter=None, page_url="", now=None, **fields):
        values = {"category": "software", "severity": "normal", "description": "打开发文列表时页面报错，无法继续办理。"}
        values.update(fields)
        return ticket_report(actor=actor or personas.staff_a, reporter=reporter, fields=values, page_url=page_url,
                             user_agent="Mozilla/5.0 (测试)", now=now)

    return _ticket
