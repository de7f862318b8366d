"""A new installation gets its three admins from the command line — no superuser, ever."""

import pytest
from django.core.management import CommandError, call_command

from oa.org.choices import Role
from oa.org.middleware import password_expired
from oa.org.models import Person

pytestmark = pytest.mark.django_db


def test_three_admins_with_initial_passwords_that_must_be_changed(capsys, settings):
    settings.OA_PASSWORD_MAX_AGE_DAYS = 90
    call_command("bootstrap_admins", "--department", "xxzx", "--create-department", "韶关市信息中心", "--organ-code", "韶信息")
    out = capsys.readouterr().out
    admins = {p.username: p for p in Person.objects.all()}
    assert set(admins) == {"sysadmin", "secadmin", "auditadmin"}
    assert not any(p.is_superuser for p in admins.values())
    assert {p.role_grants.get().role for p in admins.values()} == {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
    assert all(password_expired(p) for p in admins.values())
    assert "初始密码" in out
    call_command("bootstrap_admins", "--department", "xxzx")  # again: nothing new
    assert Person.objects.count() == 3


def test_a_missing_department_is_explained():
    with pytest.raises(CommandError, match="--create-department"):
        call_command("bootstrap_admins", "--department", "nowhere")
