"""Organisation import: 三员分立 — who may import which kind, and roles from the security admin only."""

import pytest
from django.core.exceptions import PermissionDenied

from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.models import Department, Person, RoleGrant
from tests.orgimport import importing as sample

pytestmark = pytest.mark.django_db


# --- 三员分立 and permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("actor_name", ["clerk_a", "leader_a", "info_center", "audit_admin"])
def test_others_may_not_import(personas, actor_name):
    with pytest.raises(PermissionDenied):
        sample.run(getattr(personas, actor_name), [sample.DEPARTMENT_HEADER, *sample.DEPARTMENT_ROWS])
    assert not Department.objects.filter(slug="jmj").exists()
    assert LedgerEntry.objects.filter(action="org.import", outcome="denied").exists()


def test_the_system_admin_cannot_assign_roles(personas):
    with_roles = [["账号", "姓名", "单位", "角色"], ["jmj_zhang", "张三", "deptA", "科员"]]
    with pytest.raises(PermissionDenied, match="角色只能由安全管理员授予"):
        sample.run(personas.system_admin, with_roles)
    with pytest.raises(PermissionDenied, match="角色只能由安全管理员导入"):
        sample.run(personas.system_admin, [["账号", "角色"], ["a_staff", "收发员"]])
    assert not Person.objects.filter(username="jmj_zhang").exists()
    assert not personas.staff_a.role_grants.filter(role=Role.CLERK).exists()
    empty_roles = sample.run(personas.system_admin, [["账号", "姓名", "单位", "角色"], ["jmj_zhang", "张三", "deptA", ""]])
    assert empty_roles.ok  # an empty 角色 column is fine


def test_the_security_admin_assigns_roles_to_existing_accounts(personas):
    rows = [["账号", "姓名", "角色"], ["a_staff", "", "收发员/文书、保密员"], ["b_staff", "", "clerk"], ["a_clerk", "", "文书"]]
    result = sample.run(personas.security_admin, rows)
    assert result.ok, result.errors
    assert (result.kind, result.created, result.unchanged) == ("roles", 3, 1)
    assert set(personas.staff_a.role_grants.values_list("role", flat=True)) == {Role.STAFF, Role.CLERK, Role.SECURITY_OFFICER}
    assert personas.staff_b.role_grants.filter(role=Role.CLERK, granted_by=personas.security_admin).exists()
    assert LedgerEntry.objects.filter(action="org.role.grant", actor=personas.security_admin).count() == 3


def test_role_rows_are_checked_and_all_or_nothing(personas):
    rows = [
        ["账号", "姓名", "角色"],
        ["a_staff", "", "收发员"],
        ["ghost", "", "科员"],
        ["a_clerk", "错名", "科员"],
        ["b_staff", "", "厨师"],
        ["sysadmin", "", "审计管理员"],  # 三员分立
        ["secadmin", "", "科员"],  # not to oneself
    ]
    result = sample.run(personas.security_admin, rows)
    assert not result.ok
    errors = "\n".join(result.errors)
    assert "第3行：账号“ghost”不存在" in errors
    assert "第4行：账号“a_clerk”的姓名是" in errors
    assert "第5行：无法识别的角色：厨师" in errors
    assert "第6行：不能授予“审计管理员”：三员分立" in errors
    assert "第7行：不能授予“科员/经办人”：不能给自己授予角色" in errors
    assert not personas.staff_a.role_grants.filter(role=Role.CLERK).exists()
    assert not RoleGrant.objects.filter(granted_by=personas.security_admin).exists()


def test_the_security_admin_may_not_import_people_or_departments(personas):
    with pytest.raises(PermissionDenied, match="只有系统管理员可以导入人员"):
        sample.run(personas.security_admin, [sample.PEOPLE_HEADER, *sample.PEOPLE_ROWS])
    with pytest.raises(PermissionDenied, match="只有系统管理员可以导入单位"):
        sample.run(personas.security_admin, [sample.DEPARTMENT_HEADER, *sample.DEPARTMENT_ROWS])


def test_the_section_head_and_the_deputy_head_are_imported_as_two_roles(personas):
    """Issue 17: 处室负责人 reviews but never signs; 分管领导 signs. The old combined name is refused in words."""
    rows = [["账号", "姓名", "角色"], ["a_staff", "", "处室负责人"], ["b_staff", "", "分管领导"], ["a_clerk", "", "section_head"]]
    result = sample.run(personas.security_admin, rows)
    assert result.ok, result.errors
    assert personas.staff_a.role_grants.filter(role=Role.SECTION_HEAD).exists()
    assert not personas.staff_a.role_grants.filter(role=Role.LEADER).exists()
    assert personas.staff_b.role_grants.filter(role=Role.LEADER).exists()
    assert personas.clerk_a.role_grants.filter(role=Role.SECTION_HEAD).exists()
    old = sample.run(personas.security_admin, [["账号", "姓名", "角色"], ["b_clerk", "", "处室负责人/分管领导"]])
    assert not old.ok and "已分为两个角色" in "\n".join(old.errors)
    assert not personas.clerk_b.role_grants.filter(role__in=[Role.SECTION_HEAD, Role.LEADER]).exists()


def test_a_people_file_creates_a_section_head(personas):
    rows = [["账号", "姓名", "单位", "职务", "角色"], ["jmj_keke", "柯科长", "deptA", "综合科科长", "处室负责人"]]
    result = sample.run(None, rows)
    assert result.ok, result.errors
    person = Person.objects.get(username="jmj_keke")
    assert set(person.role_grants.values_list("role", flat=True)) == {Role.SECTION_HEAD}
