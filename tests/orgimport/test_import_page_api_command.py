"""Organisation import through the page, the API and the command, with the declaration of the gate."""

import pytest
from django.core.management import CommandError, call_command

from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.models import Department, Person
from oa.orgimport.services.columns import import_template_csv
from oa.orgimport.services.service import org_import
from oa.uploads.models import UploadRecord
from tests.orgimport.importing import (
    DECLARED,
    DEPARTMENT_HEADER,
    DEPARTMENT_ROWS,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    csv_bytes,
    uploaded,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


# --- the page ----------------------------------------------------------------------------------


def test_the_page_imports_and_shows_initial_passwords_once(personas, client, login):
    login(personas.system_admin)
    page = client.get("/manage/import/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "机关代字" in text and "下载单位表模板" in text and "下载角色表模板" not in text
    response = client.post("/manage/import/", {**DECLARED, "file": uploaded([PEOPLE_HEADER, *PEOPLE_ROWS], "人员.xlsx")})
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
    response = client.post("/manage/import/", {**DECLARED, "file": uploaded(rows), "dry_run": "on"})
    text = response.content.decode()
    assert response.status_code == 200 and "第2行：机关代字只能由汉字组成" in text
    assert not Department.objects.filter(slug="lyj").exists()


def test_the_page_refuses_roles_from_the_system_admin_with_a_message(personas, client, login):
    login(personas.system_admin)
    response = client.post("/manage/import/", {**DECLARED, "file": uploaded([["账号", "角色"], ["a_staff", "收发员"]])})
    assert response.status_code == 403 and "角色只能由安全管理员导入" in response.content.decode()


def test_the_security_admin_sees_the_roles_section(personas, client, login):
    login(personas.security_admin)
    page = client.get("/manage/import/")
    assert page.status_code == 200 and "下载角色表模板" in page.content.decode()
    assert "下载单位表模板" not in page.content.decode()
    response = client.post("/manage/import/", {**DECLARED, "file": uploaded([["账号", "角色"], ["a_staff", "收发员"]])})
    assert response.status_code == 200 and "新授予 1 项角色" in response.content.decode()


@pytest.mark.parametrize("actor_name", ["clerk_a", "audit_admin"])
def test_others_get_403_from_the_page_and_the_template(personas, client, login, actor_name):
    login(getattr(personas, actor_name))
    assert client.get("/manage/import/").status_code == 403
    assert client.post("/manage/import/", {**DECLARED, "file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])}).status_code == 403
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
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": uploaded([PEOPLE_HEADER, *PEOPLE_ROWS])})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["kind"], body["created"], body["updated"], body["errors"]) == ("people", 2, 0, [])
    assert [p["username"] for p in body["initial_passwords"]] == ["jmj_zhang", "jmj_li"]
    dry = client.post("/api/v1/org/import/", {**DECLARED, "file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS]), "dry_run": "true"})
    assert dry.status_code == 200 and dry.json()["dry_run"] is True
    assert not Department.objects.filter(slug="jmj").exists()


def test_api_errors_are_400_with_every_row(personas, client, login):
    login(personas.system_admin)
    rows = [DEPARTMENT_HEADER, ["韶关市林业局", "林业局", "SGLY", "lyj", "", "", "", ""]]
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": uploaded(rows)})
    assert response.status_code == 400
    body = response.json()
    assert "未写入任何数据" in body["detail"] and body["errors"][0].startswith("第2行：机关代字")
    missing = client.post("/api/v1/org/import/", {**DECLARED})
    assert missing.status_code == 400 and "请上传要导入的文件" in missing.json()["errors"][0]


@pytest.mark.parametrize("actor_name", ["clerk_a", "audit_admin"])
def test_api_refuses_others(personas, client, login, actor_name):
    login(getattr(personas, actor_name))
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert response.status_code == 403
    assert not Department.objects.filter(slug="jmj").exists()


def test_api_refuses_roles_from_the_system_admin(personas, client, login):
    login(personas.system_admin)
    response = client.post("/api/v1/org/import/", {**DECLARED, "file": uploaded([["账号", "角色"], ["a_staff", "收发员"]])})
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


def test_an_import_without_the_declaration_is_refused_on_the_page_and_in_the_api(personas, client, login):
    login(personas.system_admin)
    page = client.post("/manage/import/", {"file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert page.status_code == 400 and "谁上网谁负责" in page.content.decode()
    api = client.post("/api/v1/org/import/", {"file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])})
    assert api.status_code == 400 and "承诺" in api.content.decode()
    assert not Department.objects.filter(slug="jmj").exists()
    assert UploadRecord.objects.count() == 0  # refused before screening: nothing read, the ledger says why
    assert LedgerEntry.objects.filter(action="upload.refused").count() == 2


def test_an_accepted_import_is_on_record(personas, client, login):
    login(personas.system_admin)
    assert client.post("/manage/import/", {**DECLARED, "file": uploaded([DEPARTMENT_HEADER, *DEPARTMENT_ROWS])}).status_code == 200
    record = UploadRecord.objects.get()
    assert (record.person, record.purpose, record.verdict) == (personas.system_admin, "组织机构导入", "accepted")
