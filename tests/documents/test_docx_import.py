"""Importing a body from an uploaded DOCX: order, headings, tables, bad files."""

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from documents.body import parse_body
from documents.docx_import import chinese_numeral, docx_to_body, numeral_value


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sample() -> bytes:
    document = docx.Document()
    document.add_paragraph("为加快推进电子政务建设，现将有关事项通知如下：")
    document.add_heading("总体要求", level=1)
    document.add_heading("加强领导", level=2)
    document.add_paragraph("各单位要高度重视。")
    table = document.add_table(rows=3, cols=2)
    for row, values in zip(table.rows, [["单位", "联系人"], ["市府办", "张三"], ["经贸局", "李|四"]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("表后说明。")
    document.add_heading("三、已有编号的标题", level=1)
    document.add_heading("成立小组", level=3)
    document.add_heading("培训对象", level=4)
    document.add_heading("工作要求", level=1)
    document.add_heading("落实经费", level=2)
    document.add_paragraph("")
    return _bytes(document)


def test_paragraphs_headings_and_tables_come_out_in_document_order():
    body = docx_to_body(_sample())
    assert body.splitlines() == [
        "为加快推进电子政务建设，现将有关事项通知如下：",
        "一、总体要求",
        "（一）加强领导",
        "各单位要高度重视。",
        "|单位|联系人|",
        "|市府办|张三|",
        "|经贸局|李｜四|",
        "表后说明。",
        "三、已有编号的标题",
        "1.成立小组",
        "（1）培训对象",
        "四、工作要求",
        "（一）落实经费",
    ]


def test_imported_body_parses_into_the_same_structure():
    blocks = parse_body(docx_to_body(_sample()))
    assert [b.kind for b in blocks][:6] == ["paragraph", "heading", "heading", "paragraph", "table", "paragraph"]
    assert blocks[4].rows[1] == ["市府办", "张三"]


def test_chinese_heading_style_names_and_outline_levels_count_as_headings():
    document = docx.Document()
    styles = document.styles
    from docx.enum.style import WD_STYLE_TYPE

    styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("组织领导", style="标题 2")
    paragraph = document.add_paragraph("大纲级别标题")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().append(outline)
    assert docx_to_body(_bytes(document)).splitlines() == ["（一）组织领导", "一、大纲级别标题"]


def test_content_controls_are_opened():
    document = docx.Document()
    document.add_paragraph("前")
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    inner = document.add_paragraph("控件内")._p
    content.append(inner)
    sdt.append(content)
    document.element.body.insert(1, sdt)
    document.add_paragraph("后")
    assert docx_to_body(_bytes(document)).splitlines() == ["前", "控件内", "后"]


def test_a_large_table_is_read_in_linear_time():
    import time

    document = docx.Document()
    table = document.add_table(rows=200, cols=6)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}-{c}"
    data = _bytes(document)
    started = time.perf_counter()
    body = docx_to_body(data)
    assert time.perf_counter() - started < 5
    assert len(body.splitlines()) == 200


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "Word"),
        (b"%PDF-1.7 not a word file", "Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".doc"),
        (b"PK\x03\x04broken zip", "损坏"),
    ],
)
def test_non_docx_and_corrupt_files_raise_a_chinese_value_error(data, words):
    with pytest.raises(ValueError) as raised:
        docx_to_body(data)
    assert words in str(raised.value)
    assert any("\u4e00" <= ch <= "\u9fa5" for ch in str(raised.value))


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValueError):
        docx_to_body(out.getvalue())


def test_an_empty_document_is_refused():
    with pytest.raises(ValueError, match="没有可导入"):
        docx_to_body(_bytes(docx.Document()))


def test_chinese_numerals_both_ways():
    numbers = (1, 9, 10, 11, 20, 21, 99)
    assert [chinese_numeral(n) for n in numbers] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]
    assert [numeral_value(chinese_numeral(n)) for n in numbers] == list(numbers)
    assert numeral_value("百") is None
