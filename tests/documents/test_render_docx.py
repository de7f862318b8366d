"""The red-header DOCX: page, fonts, organ mark, rule, number, seal, colophon, page numbers."""

import io
import re
import time

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from documents.choices import Direction
from documents.rendering.docx import render_docx

pytestmark = pytest.mark.django_db

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fa5]+〔\d{4}〕[1-9]\d*号$")


def opened(document):
    return docx.Document(io.BytesIO(render_docx(document)))


def test_page_is_a4_with_the_gbt9704_margins(sample):
    section = opened(sample()).sections[0]
    assert section.page_width == pytest.approx(Mm(210), abs=Mm(0.1))
    assert section.page_height == pytest.approx(Mm(297), abs=Mm(0.1))
    for margin, mm in ((section.top_margin, 37), (section.bottom_margin, 35), (section.left_margin, 28), (section.right_margin, 26)):
        assert margin == pytest.approx(Mm(mm), abs=Mm(0.1))


def test_contains_title_number_and_main_recipients(sample):
    result = opened(sample())
    texts = [p.text for p in result.paragraphs]
    assert [t for t in texts if DOC_NUMBER.match(t)] == ["韶甲〔2026〕77号"]
    assert any("关于做好我市电子政务应用系统" in t and "试运行有关工作的通知" in t for t in texts)
    assert "乙局、各县（市、区）经贸局：" in texts
    assert "2026年11月3日" in texts and "（此件公开发布）" in texts
    assert result.core_properties.title.startswith("关于做好")


def test_organ_mark_is_red_and_fonts_name_the_east_asian_typeface(sample):
    result = opened(sample())
    mark = next(p for p in result.paragraphs if p.text == "甲局文件")
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "D40000"
    assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "方正小标宋简体"
    normal = result.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in result.paragraphs if p.text == "一、试运行时间和范围")
    assert heading.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    run_in = next(p for p in result.paragraphs if p.text.startswith("（一）试运行时间。"))
    assert run_in.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "楷体_GB2312"


def test_body_has_exact_line_pitch_and_two_character_indent(sample):
    result = opened(sample())
    fmt = result.styles["Normal"].paragraph_format
    assert fmt.line_spacing.pt == pytest.approx(225 / 22 * 72 / 25.4, abs=0.05)
    paragraph = next(p for p in result.paragraphs if p.text.startswith("为加快推进"))
    assert paragraph.paragraph_format.first_line_indent.pt == pytest.approx(31.5, abs=0.6)


def test_red_rule_is_a_red_border(sample):
    body = opened(sample()).element.body
    borders = body.findall(".//" + qn("w:pBdr"))
    red = [b for b in borders if any(edge.get(qn("w:color")) == "D40000" for edge in b)]
    assert len(red) == 1


def test_table_is_filled(sample):
    result = opened(sample())
    assert len(result.tables) == 1
    table = result.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == ["市府办", "公文收发、信息报送", "张三"]


def test_seal_floats_over_the_signature_when_sealed(sample):
    sealed = opened(sample())
    anchors = sealed.element.body.findall(".//" + qn("wp:anchor"))
    assert len(anchors) == 1
    assert anchors[0].find(qn("wp:wrapNone")) is not None
    images = [rel for rel in sealed.part.rels.values() if rel.reltype.endswith("/image")]
    assert images and images[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"
    unsealed = opened(sample(sealed=False, number_seq=78))
    assert not unsealed.element.body.findall(".//" + qn("wp:anchor"))


def test_colophon_sits_in_a_frame_at_the_bottom_with_rules(sample):
    result = opened(sample())
    cc = next(p for p in result.paragraphs if p.text.startswith("抄送："))
    printed = next(p for p in result.paragraphs if p.text.endswith("印发"))
    assert cc.text == "抄送：市信息中心。"
    assert printed.text == "甲局办公室\t2026年11月4日印发"
    for paragraph in (cc, printed):
        frame = paragraph._p.pPr.find(qn("w:framePr"))
        assert frame.get(qn("w:yAlign")) == "bottom" and frame.get(qn("w:vAnchor")) == "margin"
    assert cc._p.pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:sz")) == "8"  # 0.35 mm
    assert cc._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:sz")) == "6"  # 0.25 mm
    assert printed._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:sz")) == "8"


def test_page_numbers_differ_on_odd_and_even_pages(sample):
    result = opened(sample())
    assert result.settings.odd_and_even_pages_header_footer
    section = result.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right, left
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"  # the cached value of the PAGE field
        assert paragraph._p.findall(".//" + qn("w:instrText"))[0].text.strip() == "PAGE"


def test_upward_documents_name_the_signer(sample, personas):
    result = opened(sample(direction=Direction.UPWARD, signer=personas.head_a))
    line = next(p for p in result.paragraphs if "签发人：" in p.text)
    assert line.text == f"韶甲〔2026〕77号\t签发人：{personas.head_a.name}"


def test_several_signers_two_a_line_under_one_another_the_number_on_the_last(sample, personas, monkeypatch):
    from dataclasses import replace

    from documents.rendering import docx as rendering
    from documents.rendering.context import printed

    monkeypatch.setattr(rendering, "printed", lambda d, *args, **kwargs: replace(printed(d, *args, **kwargs), signer_labels=["王一民", "李二", "张三丰"]))
    result = opened(sample(direction=Direction.UPWARD, signer=personas.head_a))
    at = next(i for i, p in enumerate(result.paragraphs) if "签发人：" in p.text)
    first, last = result.paragraphs[at], result.paragraphs[at + 1]
    assert first.text == "\t签发人：王一民\t李二" and last.text == "韶甲〔2026〕77号\t\t张三丰"
    stops = [stop.position for stop in first.paragraph_format.tab_stops]
    assert stops == [stop.position for stop in last.paragraph_format.tab_stops] and len(stops) == 3
    assert stops[2] - stops[1] == pytest.approx((3 + 1) * (stops[1] - stops[0]) / 4, abs=2000)  # 王一民 and a gap


def test_docx_render_is_fast(sample):
    document = sample()
    render_docx(document)
    started = time.perf_counter()
    for _ in range(3):
        render_docx(document)
    assert (time.perf_counter() - started) / 3 < 0.5  # the target is 60 ms; this only catches a blow-up
