"""Organisation import: reading CSV and XLSX files (encodings, numbers, old and unsafe formats, unknown columns, size)."""

import io
import zipfile

import pytest

from oa.org.models import Department, Person
from oa.orgimport.services.service import org_import
from oa.uploads.exceptions import UploadRefused
from tests.orgimport.importing import (
    DECLARED,
    DEPARTMENT_HEADER,
    DEPARTMENT_ROWS,
    PEOPLE_HEADER,
    PEOPLE_ROWS,
    run,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


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
