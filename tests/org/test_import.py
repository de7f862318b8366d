"""Organisation import: CSV (UTF-8, GB18030) and XLSX, all or nothing, 三员分立, ledgered."""

import io
import zipfile

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.middleware import password_expired
from oa.org.models import Department, Person, RoleGrant
from oa.org.passwords import character_classes
from oa.org.services.importing.columns import import_template_csv
from oa.org.services.importing.service import org_import
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION

pytestmark = pytest.mark.django_db

DEPARTMENT_HEADER = ["单位名称", "简称", "机关代字", "简拼", "上级单位", "办公业务系统试点", "网上行政审批系统试点", "便民服务系统试点"]
DEPARTMENT_ROWS = [
    ["韶关市经济贸易局", "经贸局", "韶经贸", "jmj", "", "是", "是", "否"],
    ["韶关市经贸局信息科", "信息科", "韶经贸信", "jmjxxk", "jmj", "否", "", ""],  # parent by 简拼
    ["韶关市水利局", "水利局", "韶水", "slj", "", "", "是", ""],
]
PEOPLE_HEADER = ["账号", "姓名", "单位", "职务", "电话"]
PEOPLE_ROWS = [
    ["jmj_zhang", "张三", "甲局", "科员", "0751-8888888"],  # department by 单位名称
    ["jmj_li", "李四", "deptA", "副局长", ""],  # department by 简拼
]

DECLARED = {"declaration_accepted": "true", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


def csv_bytes(rows, encoding="utf-8-sig"):
    return "\r\n".join(",".join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(actor, rows, *, filename="导入.csv", dry_run=False, encoding="utf-8-sig"):
    content = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows, encoding)
    return org_import(actor=actor, filename=filename, content=content, dry_run=dry_run, gate=DECLARED)


# --- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("filename", "encoding"), [
    ("单位.csv", "utf-8-sig"), ("单位.csv", "utf-8"), ("单位.csv", "gb18030"), ("单位.xlsx", None),
])
def test_departments_from_csv_and_xlsx(personas, filename, encoding):
    result = run(personas.system_admin, [DEPARTMENT_HEADER, *DEPARTMENT_ROWS], filename=filename, encoding=encoding)
    assert result.ok, result.errors
    assert (result.kind, result.rows, result.created, result.updated) == ("departments", 3, 3, 0)
    jmj = Department.objects.get(slug="jmj")
    assert (jmj.name, jmj.short_name, jmj.organ_code) == ("韶关市经济贸易局", "经贸局", "韶经贸")
    assert (jmj.pilot_office, jmj.pilot_approval, jmj.pilot_convenience) == (True, True, False)
    assert Department.objects.get(slug="jmjxxk").parent == jmj
    assert Department.objects.get(slug="slj").pilot_approval is True


def test_a_parent_further_down_the_file_is_found(personas):
    rows = [DEPARTMENT_HEADER, DEPARTMENT_ROWS[1], DEPARTMENT_ROWS[0]]
    assert run(personas.system_admin, rows).ok
    assert Department.objects.get(slug="jmjxxk").parent.slug == "jmj"


@pytest.mark.parametrize(("filename", "encoding"), [("人员.csv", "utf-8-sig"), ("人员.csv", "gb18030"), ("人员.xlsx", None)])
def test_people_from_csv_and_xlsx(personas, filename, encoding):
    result = run(personas.system_admin, [PEOPLE_HEADER, *PEOPLE_ROWS], filename=filename, encoding=encoding)
    assert result.ok, result.errors
    assert (result.kind, result.created, result.updated) == ("people", 2, 0)
    zhang = Person.objects.get(username="jmj_zhang")
    assert (zhang.name, zhang.department, zhang.position, zhang.phone) == ("张三", personas.dept_a, "科员", "0751-8888888")
    assert Person.objects.get(username="jmj_li").department == personas.dept_a


def test_xlsx_numbers_are_read_as_text(personas):
    rows = [["账号", "姓名", "单位", "电话"], ["jmj_wang", "王五", "deptA", 13800138000]]
    assert run(personas.system_admin, rows, filename="人员.xlsx").ok
    assert Person.objects.get(username="jmj_wang").phone == "13800138000"


def test_an_old_xls_file_is_explained(personas):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(UploadRefused):  # a person's file: the classification gate refuses unreadable formats
        org_import(actor=personas.system_admin, filename="单位.xls", content=content, gate=DECLARED)
    result = org_import(actor=None, filename="单位.xls", content=content)  # the command line explains
    assert not result.ok and ".xls" in result.errors[0] and "另存为" in result.errors[0]


def test_unknown_columns_and_unrecognised_files_are_refused(personas):
    typo = run(personas.system_admin, [["单位名称", "简称", "机关代号", "简拼"], ["甲", "甲", "韶", "abc"]])
    assert "无法识别的列：机关代号" in typo.errors[0]
    nonsense = run(personas.system_admin, [["名称", "地址"], ["甲", "乙"]])
    assert "无法识别文件内容" in nonsense.errors[0]
    missing = run(personas.system_admin, [["单位名称", "简拼"], ["甲", "abc"]])
    assert "缺少必需的列：简称、机关代字" in missing.errors[0]


def test_a_file_over_the_size_cap_is_refused(personas, settings):
    settings.OA_IMPORT_MAX_BYTES = 100
    result = run(personas.system_admin, [DEPARTMENT_HEADER, *DEPARTMENT_ROWS])
    assert not result.ok and "文件过大" in result.errors[0]
    assert not Department.objects.filter(slug="jmj").exists()


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


# --- 三员分立 and permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("actor_name", ["clerk_a", "leader_a", "info_center", "audit_admin"])
def test_others_may_not_import(personas, actor_name):
    with pytest.raises(PermissionDenied):
        run(getattr(personas, actor_name), [DEPARTMENT_HEADER, *DEPARTMENT_ROWS])
    assert not Department.objects.filter(slug="jmj").exists()
    assert LedgerEntry.objects.filter(action="org.import", outcome="denied").exists()


def test_the_system_admin_cannot_assign_roles(personas):
    with_roles = [["账号", "姓名", "单位", "角色"], ["jmj_zhang", "张三", "deptA", "科员"]]
    with pytest.raises(PermissionDenied, match="角色只能由安全管理员授予"):
        run(personas.system_admin, with_roles)
    with pytest.raises(PermissionDenied, match="角色只能由安全管理员导入"):
        run(personas.system_admin, [["账号", "角色"], ["a_staff", "收发员"]])
    assert not Person.objects.filter(username="jmj_zhang").exists()
    assert not personas.staff_a.role_grants.filter(role=Role.CLERK).exists()
    empty_roles = run(personas.system_admin, [["账号", "姓名", "单位", "角色"], ["jmj_zhang", "张三", "deptA", ""]])
    assert empty_roles.ok  # an empty 角色 column is fine


def test_the_security_admin_assigns_roles_to_existing_accounts(personas):
    rows = [["账号", "姓名", "角色"], ["a_staff", "", "收发员/文书、保密员"], ["b_staff", "", "clerk"], ["a_clerk", "", "文书"]]
    result = run(personas.security_admin, rows)
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
    result = run(personas.security_admin, rows)
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
        run(personas.security_admin, [PEOPLE_HEADER, *PEOPLE_ROWS])
    with pytest.raises(PermissionDenied, match="只有系统管理员可以导入单位"):
        run(personas.security_admin, [DEPARTMENT_HEADER, *DEPARTMENT_ROWS])


# --- the page ----------------------------------------------------------------------------------


def _upload(rows, name="导入.csv"):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return SimpleUploadedFile(name, content)


def test_the_page_imports_and_shows_initial_passwords_once(personas, client, login):
    login(personas.system_admin)
    page = client.get("/manage/import/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "机关代字" in text and "下载单位表模板" in text and "下载角色表模板" not in text
    response = client.post("/manage/import/", {**DECLARED, "file": _upload([PEOPLE_HEADER, *PEOPLE_ROWS], "人员.xlsx")})
    assert response.status_code == 200
    text = response.content.decode()
    assert "导入完成" in text and "仅显示这一次" in text
    password = response.context["result"].initial_passwords[0].password
    assert password in text
    assert "no-store" in response["Cache-Control"]
    assert Person.objects.filter(username="jmj_zhang").exists()


def test_the_page_shows_row_errors(personas, client, login):
    login(personas.system_admin)
    rows = [DEPARTMENT_HEADER, ["韶关市林业局", "林业局", "SGLY", "lyj", "", "", "", ""]]
    response = client.post("/manage/import/", {**DECLARED, "file": _upload(rows), "dry_run": "on"})
    text = response.content.decode()
    assert response.status_code == 200 and "第2行：机关代字只能由汉字组成" in text
    assert not Department.objects.filter(slug="lyj").exists()


def test_the_page_refuses_roles_from_the_system_admin_with_a_message(personas, client, login):
    login(personas.system_admin)
    response = client.post("/manage/import/", {**DECLARED, "file": _upload([["账号", "角色"], ["a_staff", "收发员"]])})
    assert response.status_code == 403 and "角色只能由安全管理员导入" in response.content.decode()


def test_the_security_admin_sees_the_roles_section(personas, client, login):
    login(personas.security_admin)
    page = client.get("/manage/import/")
    assert page.status_code == 200 and "下载角色表模板" in page.content.decode()
    assert "下载单位表模板" not in page.content.decode()
    response = client.post("/manage/import/", {**DECLARED, "file": _upload([["账号", "角色"], ["a_staff", "收发员"]])})
    assert response.status_code == 200 and "新授予 1 项角色" in response.content.decode()


@pytest.mark.parametrize("actor_name", ["clerk_a", "audit_admin"])
def test_others_get_403_from_the_page_and_the_template(personas, client, login, actor_name):
    login(getattr(personas, actor_name))
    assert client.get("/manage/import/").status_code == 403
    assert client.post("/manage/import/", {**DECLARED, "file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])}).status_code == 403
    assert client.get("/manage/import/template/departments.csv").status_code == 403
    assert not Department.objects.filter(slug="jmj").exists()


def test_the_csv_template_opens_in_excel(personas, client, login):
    login(personas.system_admin)
    response = client.get("/manage/import/template/departments.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").strip().split(",") == [*DEPARTMENT_HEADER, "类别"]
    assert "attachment" in response["Content-Disposition"]
    people = client.get("/manage/import/template/people.csv").content.decode("utf-8-sig").strip().split(",")
    assert people == PEOPLE_HEADER
    assert client.get("/manage/import/template/roles.csv").status_code == 403
    assert client.get("/manage/import/template/other.csv").status_code == 404


def test_an_empty_template_is_an_importable_header(personas):
    result = org_import(actor=personas.system_admin, filename="模板.csv", content=import_template_csv(kind="departments"), gate=DECLARED)
    assert result.errors == ["文件中只有表头，没有数据行。"]


# --- the API -----------------------------------------------------------------------------------


def test_api_import(personas, client, login):
    login(personas.system_admin)
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": _upload([PEOPLE_HEADER, *PEOPLE_ROWS])})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["created"], body["updated"], body["errors"]) == ("people", 2, 0, [])
    assert [p["username"] for p in body["initial_passwords"]] == ["jmj_zhang", "jmj_li"]
    dry = client.post("/api/v1/org/import/", {**DECLARED, "file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS]), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert not Department.objects.filter(slug="jmj").exists()


def test_api_errors_are_400_with_every_row(personas, client, login):
    login(personas.system_admin)
    rows = [DEPARTMENT_HEADER, ["韶关市林业局", "林业局", "SGLY", "lyj", "", "", "", ""]]
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": _upload(rows)})
    assert response.status_code == 400
    body = response.json()
    assert "未写入任何数据" in body["detail"] and body["errors"][0].startswith("第2行：机关代字")
    missing = client.post("/api/v1/org/import/", {**DECLARED})
    assert missing.status_code == 400 and "请上传要导入的文件" in missing.json()["errors"][0]


@pytest.mark.parametrize("actor_name", ["clerk_a", "audit_admin"])
def test_api_refuses_others(personas, client, login, actor_name):
    login(getattr(personas, actor_name))
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert response.status_code == 403
    assert not Department.objects.filter(slug="jmj").exists()


def test_api_refuses_roles_from_the_system_admin(personas, client, login):
    login(personas.system_admin)
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": _upload([["账号", "角色"], ["a_staff", "收发员"]])})
    assert response.status_code == 403 and "安全管理员" in response.json()["detail"]


# --- the command -------------------------------------------------------------------------------


def test_command_imports_as_the_system_including_roles(personas, tmp_path, capsys):
    path = tmp_path / "人员.xlsx"
    path.write_bytes(xlsx_bytes([["账号", "姓名", "单位", "角色"], ["jmj_zhang", "张三", "deptA", "科员、文书"]]))
    call_command("import_org", str(path), "--dry-run")
    assert "校验通过" in capsys.readouterr().out and not Person.objects.filter(username="jmj_zhang").exists()
    call_command("import_org", str(path))
    out = capsys.readouterr().out
    person = Person.objects.get(username="jmj_zhang")
    assert "导入完成" in out and "jmj_zhang" in out and "初始密码" in out
    assert set(person.role_grants.values_list("role", flat=True)) == {Role.STAFF, Role.CLERK}
    assert LedgerEntry.objects.filter(action="org.import", actor=None).latest("id").data["via"] == "command"


def test_command_fails_with_errors_and_checks_the_actor(personas, tmp_path, capsys):
    path = tmp_path / "单位.csv"
    path.write_bytes(csv_bytes([DEPARTMENT_HEADER, ["韶关市林业局", "林业局", "SGLY", "lyj", "", "", "", ""]]))
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_org", str(path))
    assert "第2行：机关代字" in capsys.readouterr().err
    with pytest.raises(CommandError, match="只有系统管理员"):
        call_command("import_org", str(path), "--as", "a_clerk")
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_org", str(path), "--as", "nobody")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_org", str(tmp_path / "missing.csv"))


def test_an_xlsx_with_a_doctype_is_refused_unread(personas):
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            target.writestr(info, data)
    with pytest.raises(UploadRefused, match="DOCTYPE"):
        org_import(actor=personas.system_admin, filename="单位.xlsx", content=buffer.getvalue(), gate=DECLARED)
    result = org_import(actor=None, filename="单位.xlsx", content=buffer.getvalue())
    assert not result.ok and "DOCTYPE" in result.errors[0]
    assert not Department.objects.filter(slug="jmj").exists()


def test_a_word_document_is_not_a_workbook(personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UploadRefused):
        org_import(actor=personas.system_admin, filename="通知.docx", content=buffer.getvalue(), gate=DECLARED)
    result = org_import(actor=None, filename="通知.docx", content=buffer.getvalue())
    assert not result.ok and "不是 Excel 工作簿" in result.errors[0]


def test_an_import_without_the_declaration_is_refused_on_the_page_and_in_the_api(personas, client, login):
    login(personas.system_admin)
    page = client.post("/manage/import/", {"file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert page.status_code == 400 and "谁上网谁负责" in page.content.decode()
    api = client.post("/api/v1/org/import/", {"file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert api.status_code == 400 and "承诺" in api.content.decode()
    assert not Department.objects.filter(slug="jmj").exists()
    assert UploadRecord.objects.count() == 0  # refused before screening: nothing read, the ledger says why
    assert LedgerEntry.objects.filter(action="upload.refused").count() == 2


def test_an_accepted_import_is_on_record(personas, client, login):
    login(personas.system_admin)
    assert client.post("/manage/import/", {**DECLARED, "file": _upload([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])}).status_code == 200
    record = UploadRecord.objects.get()
    assert (record.person, record.purpose, record.verdict) == (personas.system_admin, "组织机构导入", "accepted")


def test_the_kind_column_sets_a_departments_kind_and_refuses_an_unknown_one(personas):
    header = ["单位名称", "简称", "机关代字", "简拼", "类别"]
    result = run(personas.system_admin, [header, ["韶关市人民政府办公室", "市府办", "韶府办", "sfb", "市委市政府办公室"],
                                         ["韶关市人民政府督办室", "市政府督办室", "韶府督", "dbs", "市政府督办室"],
                                         ["韶关市水利局", "水利局", "韶水", "slj", ""]])
    assert result.ok, result.errors
    assert {d.slug: d.kind for d in Department.objects.filter(slug__in=["sfb", "dbs", "slj"])} == {
        "sfb": "general_office", "dbs": "supervision", "slj": "ordinary"}
    bad = run(personas.system_admin, [header, ["韶关市水利局", "水利局", "韶水", "slj", "领导机关"]])
    assert not bad.ok and "类别“领导机关”不对" in bad.errors[0]
    assert Department.objects.get(slug="slj").kind == "ordinary"
