"""The periodic commands (cron or a systemd timer) queue their task with --background."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("command", ["chase_overdue", "expire_notices", "ticket_sla"])
def test_background_queues_the_task(command):
    out = StringIO()
    call_command(command, "--background", stdout=out)
    assert out.getvalue().startswith("已排队：")
