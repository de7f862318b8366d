"""Organisation import: upsert, all or nothing, dry run, the ledger, and initial passwords."""

import pytest
from django.contrib.auth import password_validation

from oa.audit.models import LedgerEntry
from oa.org.middleware import password_expired
from oa.org.models import Department, Person
from oa.org.passwords import character_classes
from tests.orgimport.importing import DEPARTMENT_HEADER, DEPARTMENT_ROWS, PEOPLE_HEADER, PEOPLE_ROWS, run

pytestmark = pytest.mark.django_db


# --- upsert, all or nothing, dry run, ledger -------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(personas):
    rows = [DEPARTMENT_HEADER, *DEPARTMENT_ROWS]
    run(personas.system_admin, rows)
    again = run(personas.system_admin, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Department.objects.filter(slug__in=["jmj", "jmjxxk", "slj"]).count() == 3

    changed = [DEPARTMENT_HEADER, DEPARTMENT_ROWS[0], ["韶关市经贸局信息科", "信息科", "韶经贸信", "jmjxxk", "", "否", "", ""],
               DEPARTMENT_ROWS[2]]
    third = run(personas.system_admin, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Department.objects.get(slug="jmjxxk").parent is None


def test_people_upsert_by_account_keeps_the_password(personas, password):
    run(personas.system_admin, [PEOPLE_HEADER, *PEOPLE_ROWS])
    zhang = Person.objects.get(username="jmj_zhang")
    again = run(personas.system_admin, [PEOPLE_HEADER, *PEOPLE_ROWS])
    assert (again.created, again.updated, again.unchanged, again.initial_passwords) == (0, 0, 2, [])
    moved = run(personas.system_admin, [["账号", "姓名", "单位", "初始密码"], ["jmj_zhang", "张三", "deptB", "Other-Pass-2026"]])
    assert (moved.updated, moved.initial_passwords) == (1, [])
    updated = Person.objects.get(username="jmj_zhang")
    assert updated.department == personas.dept_b and updated.password == zhang.password
    assert updated.position == "科员"  # no 职务 column: left alone
    existing = run(personas.system_admin, [["账号", "姓名", "单位", "职务"], ["a_clerk", "改名", "deptA", ""]])
    assert existing.updated == 1
    clerk = Person.objects.get(pk=personas.clerk_a.pk)
    assert (clerk.name, clerk.position) == ("改名", "")  # a present column is authoritative
    assert clerk.check_password(password)


def test_an_invalid_row_writes_nothing_and_names_the_row(personas):
    rows = [DEPARTMENT_HEADER, DEPARTMENT_ROWS[0], ["韶关市林业局", "林业局", "SGLY", "lyj", "", "", "", ""], DEPARTMENT_ROWS[2]]
    result = run(personas.system_admin, rows)
    assert not result.ok
    assert result.errors == ["第3行：机关代字只能由汉字组成（例如“韶府办”），用于发文字号“机关代字〔年〕序号号”。"]
    assert (result.created, result.updated) == (0, 0)
    assert not Department.objects.filter(slug__in=["jmj", "lyj", "slj"]).exists()
    assert "未写入任何数据" in result.summary


def test_every_bad_row_is_reported(personas):
    rows = [
        DEPARTMENT_HEADER,
        ["甲局", "甲局2", "韶甲二", "jiaju", "", "", "", ""],  # 单位名称 taken by dept_a
        ["新局", "", "韶新", "xinju", "nowhere", "也许", "", ""],
        ["新局二", "新二", "韶新二", "xinju", "", "", "", ""],  # 简拼 repeated
        ["循环甲", "循环甲", "韶循甲", "xha", "xhb", "", "", ""],
        ["循环乙", "循环乙", "韶循乙", "xhb", "xha", "", "", ""],
    ]
    errors = run(personas.system_admin, rows).errors
    assert "第2行：单位名称“甲局”已被其他单位使用。" in errors
    assert "第3行：办公业务系统试点只能填“是”或“否”，不能填“也许”。" in errors
    assert "第4行：简拼“xinju”与第3行重复。" in errors
    assert any(e.startswith("第5行：上级单位形成循环") for e in errors)
    assert not Department.objects.filter(slug__in=["jiaju", "xha", "xhb"]).exists()


def test_people_errors_name_the_row(personas):
    rows = [
        PEOPLE_HEADER,
        ["ok_person", "正常", "deptA", "", ""],
        ["bad person!", "", "nowhere", "", ""],
    ]
    result = run(personas.system_admin, rows)
    assert not result.ok
    assert "第3行：单位“nowhere”不存在（请填写单位的简拼或单位名称）。" in result.errors
    assert any(e.startswith("第3行：账号：") for e in result.errors)
    assert any(e.startswith("第3行：姓名：") for e in result.errors)
    assert not Person.objects.filter(username="ok_person").exists()


def test_dry_run_writes_nothing_but_is_ledgered(personas):
    result = run(personas.system_admin, [PEOPLE_HEADER, *PEOPLE_ROWS], dry_run=True)
    assert result.ok and result.dry_run and result.created == 2
    assert result.initial_passwords == []
    assert not Person.objects.filter(username__in=["jmj_zhang", "jmj_li"]).exists()
    assert "未写入" in result.summary
    entry = LedgerEntry.objects.filter(action="org.import").latest("id")
    assert entry.data["dry_run"] is True and entry.data["created"] == 2


def test_each_import_is_one_ledger_entry(personas):
    before = LedgerEntry.objects.filter(action="org.import").count()
    run(personas.system_admin, [DEPARTMENT_HEADER, *DEPARTMENT_ROWS], filename="单位.xlsx")
    entries = LedgerEntry.objects.filter(action="org.import")
    assert entries.count() == before + 1
    entry = entries.latest("id")
    assert entry.actor_id == personas.system_admin.pk and entry.outcome == "success"
    assert {k: entry.data[k] for k in ("kind", "created", "updated", "rows", "dry_run")} == {
        "kind": "departments", "created": 3, "updated": 0, "rows": 3, "dry_run": False,
    }
    run(personas.system_admin, [DEPARTMENT_HEADER, ["坏", "坏", "BAD", "bad", "", "", "", ""]])
    failed = LedgerEntry.objects.filter(action="org.import").latest("id")
    assert failed.outcome == "failure" and failed.data["errors"] == 1


# --- initial passwords --------------------------------------------------------------------------


def test_generated_initial_passwords_meet_the_policy_and_must_be_changed(personas, settings):
    settings.OA_PASSWORD_MAX_AGE_DAYS = 90
    result = run(personas.system_admin, [PEOPLE_HEADER, *PEOPLE_ROWS])
    assert [p.username for p in result.initial_passwords] == ["jmj_zhang", "jmj_li"]
    for item in result.initial_passwords:
        person = Person.objects.get(username=item.username)
        assert len(item.password) >= 8 and character_classes(item.password) >= 3
        password_validation.validate_password(item.password, user=person)
        assert person.check_password(item.password)
        assert person.password_changed_at is None and password_expired(person)
        assert item.password not in person.password
    ledger = LedgerEntry.objects.filter(action="org.import").latest("id")
    assert not any(item.password in str(ledger.data) for item in result.initial_passwords)


def test_a_new_person_must_change_the_initial_password_at_first_login(personas, client, login, settings):
    settings.OA_PASSWORD_MAX_AGE_DAYS = 90
    result = run(personas.system_admin, [PEOPLE_HEADER, PEOPLE_ROWS[0]])
    person = Person.objects.get(username="jmj_zhang")
    login(person, result.initial_passwords[0].password)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/password/")


def test_a_given_initial_password_is_used_and_checked_against_the_policy(personas):
    header = ["账号", "姓名", "单位", "初始密码"]
    weak = run(personas.system_admin, [header, ["jmj_weak", "弱", "deptA", "abc"]])
    assert not weak.ok and weak.errors[0].startswith("第2行：初始密码不符合密码策略")
    strong = run(personas.system_admin, [header, ["jmj_given", "强", "deptA", "Given-Pass-2026"]])
    assert strong.ok and strong.initial_passwords == []
    person = Person.objects.get(username="jmj_given")
    assert person.check_password("Given-Pass-2026") and person.password_changed_at is None
