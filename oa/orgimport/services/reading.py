"""Reading an uploaded CSV or XLSX into a Table of rows (header → cell), or ImportFileError with a
message in Chinese: size, encoding, XLSX safety, the header row and which kind of file it is."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from oa.orgimport.services.columns import (
    COLUMNS,
    DEPARTMENTS,
    KIND_LABELS,
    MAX_COLUMNS,
    MAX_ROWS,
    PEOPLE,
    ROLES,
)
from oa.uploads.limits import current_limits
from oa.uploads.screening import xmlsafe
from oa.uploads.screening.zipsafe import ZipRefused, open_zip

XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: Excel 97-2003 .xls (and .et)


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header → cell)

    def has(self, header: str) -> bool:
        return header in self.headers


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\ufeff", "").strip()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; Chinese Excel saves GB18030/GBK
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件的文字编码：请将 CSV 另存为 UTF-8 或 GBK/GB18030 编码，或直接上传 XLSX 文件。")


def _csv_rows(content: bytes):
    text = _decode(content)
    if "\x00" in text:
        raise ImportFileError("文件中含有空字符，不是有效的 CSV 文件。")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line and "，" not in first_line else ","
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield values[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{exc}") from exc


class _NoOp:
    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        archive = open_zip(content, current_limits())
    except ZipRefused as exc:
        raise ImportFileError(f"XLSX 文件未通过安全检查：{exc.reason}") from exc
    except zipfile.BadZipFile as exc:
        raise ImportFileError("XLSX 文件已损坏，无法读取。") from exc
    with archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFileError("不是 Excel 工作簿（.xlsx）：请上传 XLSX 或 CSV 文件。")
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    with archive.open(info) as part:
                        xmlsafe.parse(part, _NoOp())
                except xmlsafe.UnsafeXML as exc:
                    raise ImportFileError("XLSX 文件含有文档类型声明（DOCTYPE），出于安全原因拒绝读取。") from exc
                except xmlsafe.BadXML as exc:
                    raise ImportFileError("XLSX 文件已损坏，无法读取。") from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged workbooks
        raise ImportFileError("XLSX 文件已损坏或不是 Excel 工作簿，无法读取。") from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("XLSX 文件中没有工作表。")
        sheet = workbook.worksheets[0]  # the first sheet only, as the page says
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails only when its rows are read
                raise ImportFileError("XLSX 文件中的工作表已损坏，无法读取。") from exc
            yield list(values)
    finally:
        workbook.close()


def _detect_kind(headers: set[str]) -> str:
    if "单位名称" in headers:
        return DEPARTMENTS
    if "账号" in headers:
        people_only = {"单位", "职务", "电话", "初始密码"}
        return PEOPLE if headers & people_only or "角色" not in headers else ROLES
    raise ImportFileError(
        "无法识别文件内容：第1行应为表头——单位表含“单位名称”列，人员表含“账号”“姓名”“单位”列，"
        "角色表含“账号”“角色”列。可在导入页面下载模板。"
    )


def read_table(*, filename: str, content: bytes, size: int | None = None) -> Table:
    """Parse an uploaded file into a Table, or raise ImportFileError with a message in Chinese."""
    limit = int(settings.OA_IMPORT_MAX_BYTES)
    size = len(content) if size is None else size
    if size > limit or len(content) > limit:
        raise ImportFileError(f"文件过大：上限为 {limit / 1024 / 1024:.1f} MB。请拆分后分批导入。")
    if not content.strip():
        raise ImportFileError("文件是空的。")
    is_zip = content.startswith(b"PK")
    if filename.lower().endswith((".xlsx", ".xlsm")) and not is_zip:
        raise ImportFileError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿：文件可能已损坏，或是改了扩展名的其他文件。")
    if content.startswith(XLS_SIGNATURE):
        raise ImportFileError("不支持 Excel 97-2003（.xls）格式：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入。")
    rows = _xlsx_rows(content) if is_zip else _csv_rows(content)

    headers: list[str] | None = None
    data: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=1):
        cells = [_cell(value) for value in values]
        if not any(cells):
            continue
        if headers is None:
            headers = _check_headers(cells, number)
            continue
        if len(data) >= MAX_ROWS:
            raise ImportFileError(f"数据行过多：一次最多导入 {MAX_ROWS} 行，请拆分后分批导入。")
        cells += [""] * (len(headers) - len(cells))
        data.append((number, {header: cells[i] for i, header in enumerate(headers) if header}))
    if headers is None:
        raise ImportFileError("文件中没有内容。")
    table = Table(kind=_detect_kind({h for h in headers if h}), headers=headers, rows=data)
    allowed = [column.header for column in COLUMNS[table.kind]]
    unknown = [h for h in headers if h and h not in allowed]
    if unknown:
        raise ImportFileError(
            f"{KIND_LABELS[table.kind]}表中有无法识别的列：{'、'.join(unknown)}。可用的列：{'、'.join(allowed)}。"
        )
    missing = [c.header for c in COLUMNS[table.kind] if c.required and not table.has(c.header)]
    if missing:
        raise ImportFileError(f"{KIND_LABELS[table.kind]}表缺少必需的列：{'、'.join(missing)}。")
    if not data:
        raise ImportFileError("文件中只有表头，没有数据行。")
    return table


def _check_headers(cells: list[str], number: int) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    seen = set()
    for header in cells:
        if header and header in seen:
            raise ImportFileError(f"第{number}行（表头）：列“{header}”出现了不止一次。")
        seen.add(header)
    return cells
