"""Files for the organisation import tests: the sample rows, CSV/XLSX bytes, one import run."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from oa.orgimport.services.service import org_import
from oa.uploads.screening.declarations import CURRENT_VERSION

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


def uploaded(rows, name="导入.csv"):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return SimpleUploadedFile(name, content)
