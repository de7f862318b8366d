"""GB/T 9704-2012 special formats measured in the PDF: 信函格式 (§10.1), 纪要格式 (§10.3), 附件 pages (§8)
and the 份号 of each printed copy. Same measuring kit as test_render_pdf; every PDF is also written to
$OA_RENDER_OUT (if set) to be looked at."""

import hashlib
import io
import os

import docx
import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from documents.models import Attachment
from documents.rendering import layout as L
from documents.rendering.pdf import render_pdf
from oa.rendering.pdf import html_to_pdf
from tests.documents.test_render_pdf import (
    MM,
    RED,
    TYPE_BOTTOM,
    TYPE_LEFT,
    TYPE_RIGHT,
    TYPE_TOP,
    find,
    rects,
    runs,
)

pytestmark = pytest.mark.django_db
TWIPS = 1440 / 25.4  # per mm


def pdf(document, name: str, **kwargs) -> PdfReader:
    data = render_pdf(document, **kwargs)
    out = os.environ.get("OA_RENDER_OUT")
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, f"{name}.pdf"), "wb") as handle:
            handle.write(data)
    return PdfReader(io.BytesIO(data))


def glyph_top(run) -> float:
    return run.y - 0.88 * run.size / MM  # the ideographic em box rises 0.88 em above the baseline


def glyph_bottom(run) -> float:
    return run.y + 0.12 * run.size / MM


def double_rules(reader, page) -> list[tuple[float, float, float, float, float, float]]:
    """The red double rules, top to bottom: (top, bottom, left, right, upper line's weight, lower line's weight).
    WeasyPrint paints a box's borders as its outer rectangle less its inner one (even-odd fill): the
    red rectangles come in pairs."""
    red = [r for r in rects(reader, page) if r.fill == RED]
    pairs = []
    for outer in red:
        inner = next((r for r in red if r is not outer and r.left == pytest.approx(outer.left, abs=0.05)
                      and outer.top < r.top < r.bottom < outer.bottom), None)
        if inner is not None:
            pair = (outer.top, outer.bottom, outer.left, outer.right, inner.top - outer.top, outer.bottom - inner.bottom)
            if not any(abs(pair[0] - p[0]) < 0.05 and abs(pair[1] - p[1]) < 0.05 for p in pairs):  # painted twice
                pairs.append(pair)
    return sorted(pairs)


def attach(document, person, name: str, content: bytes) -> Attachment:
    attachment = Attachment(document=document, name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                            uploaded_by=person)
    attachment.file.save(hashlib.sha256(content).hexdigest()[:16], ContentFile(content), save=False)
    attachment.save()
    return attachment


def foreign_pdf(pages: int) -> bytes:
    """A PDF from elsewhere: A4 pages with a big black box and a line of text each."""
    html = "".join(
        f'<section style="break-after: page"><p style="font-size: 20pt">外来文件第{i + 1}页</p>'
        f'<div style="width: 100mm; height: 60mm; background: #000"></div></section>' for i in range(pages)
    )
    return html_to_pdf(f"<html><body>{html}</body></html>", "@page { size: A4; margin: 20mm; }")


def word_file() -> bytes:
    document = docx.Document()
    document.add_heading("联系人名单说明", level=1)
    document.add_paragraph("各单位联系人负责本单位试运行的组织协调工作。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- 信函格式 ----------------------------------------------------------------------------------------


@pytest.fixture
def letter(sample):
    return sample(doc_type="函", organ_mark="甲局", number_code="韶甲函", attachment_note="", body="请予支持。\n特此函告。",
                  title="关于商请支持电子政务试运行工作的函")


def test_a_letter_puts_its_mark_30_mm_from_the_top_edge(letter):
    reader = pdf(letter, "letter")
    page = runs(reader.pages[0])
    mark = find(page, "甲局")
    assert glyph_top(mark) == pytest.approx(L.LETTER_MARK_TOP_MM, abs=1.0)
    centre = mark.x + 2 * mark.size / MM / 2
    assert centre == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=2)


def test_a_letter_has_two_red_double_rules_170_mm_wide(letter):
    reader = pdf(letter, "letter")
    page = reader.pages[0]
    mark = find(runs(page), "甲局")
    rules = double_rules(reader, page)
    assert len(rules) == 2, rules
    for _top, _bottom, left, right, _, _ in rules:
        assert right - left == pytest.approx(L.DOUBLE_RULE_W_MM, abs=0.3)  # 170 mm
        assert (left + right) / 2 == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=0.3)  # centred on the type area
    (t1, _, _, _, upper1, lower1), (_, b2, _, _, upper2, lower2) = rules
    assert t1 - glyph_bottom(mark) == pytest.approx(L.LETTER_RULE_BELOW_MARK_MM, abs=0.7)  # 4 mm below the mark
    assert upper1 == pytest.approx(L.DOUBLE_RULE_THICK_MM, abs=0.05) and lower1 == pytest.approx(L.DOUBLE_RULE_THIN_MM, abs=0.05)
    assert upper2 == pytest.approx(L.DOUBLE_RULE_THIN_MM, abs=0.05) and lower2 == pytest.approx(L.DOUBLE_RULE_THICK_MM, abs=0.05)
    assert L.PAGE_H_MM - b2 == pytest.approx(L.LETTER_RULE_ABOVE_BOTTOM_MM, abs=0.3)  # 20 mm above the bottom edge


def test_a_letter_puts_the_number_right_and_the_copy_number_left_under_the_rule(letter, sample):
    reader = pdf(letter, "letter")
    page = runs(reader.pages[0])
    rule_bottom = double_rules(reader, reader.pages[0])[0][1]
    line = find(page, "000001")  # pypdf joins the runs of one font on one baseline
    assert line.text.startswith("000001") and line.text.endswith("韶甲函〔2026〕77号")
    assert rule_bottom < glyph_top(line) < rule_bottom + L.PITCH_MM / 2  # the line right under the rule
    assert line.x == pytest.approx(TYPE_LEFT, abs=0.3)
    urgency = find(page, "加急")
    assert urgency.x == pytest.approx(TYPE_LEFT, abs=0.3) and urgency.y == pytest.approx(line.y + L.PITCH_MM, abs=0.3)
    title = find(page, "关于商请支持")
    assert title.y - urgency.y == pytest.approx(3 * L.PITCH_MM, abs=1.5)  # two blank lines between
    alone = pdf(sample(doc_type="函", organ_mark="甲局", number_code="韶甲函", attachment_note="", copy_number=None,
                       number_seq=78, body="请予支持。"), "letter-no-copy-number")
    number = find(runs(alone.pages[0]), "韶甲函〔2026〕78号")
    assert number.y == pytest.approx(line.y, abs=0.2)
    number_right = number.x + (6 + 6 * 0.5) * L.ADVANCE_PT / MM  # 韶甲函〔〕号, and 2026 and 78 half-width
    assert number_right == pytest.approx(TYPE_RIGHT, abs=2.5)  # flush right (the fallback font's digits are proportional)


def test_a_letter_has_no_page_number_on_the_first_page_and_a_bare_colophon(letter):
    reader = pdf(letter, "letter")
    first = reader.pages[0].extract_text()
    assert "— 1 —" not in first
    assert "抄送：市信息中心。" in reader.pages[-1].extract_text()
    assert "印发" not in reader.pages[-1].extract_text()
    black = [r for r in rects(reader, reader.pages[-1]) if r.fill != RED and r.right - r.left > 100
             and TYPE_BOTTOM - 3 * L.PITCH_MM < r.top < TYPE_BOTTOM + 1]
    assert not black  # no rules in the 版记


def test_a_long_letter_numbers_its_later_pages(sample):
    from documents.rendering.bench import sample_body

    reader = pdf(sample(doc_type="函", organ_mark="甲局", attachment_note=""), "letter-long")
    assert len(reader.pages) >= 3
    assert "— 1 —" not in reader.pages[0].extract_text()
    assert "— 2 —" in reader.pages[1].extract_text() and "— 3 —" in reader.pages[2].extract_text()
    assert len(double_rules(reader, reader.pages[0])) == 2
    assert not [r for page in reader.pages[1:] for r in rects(reader, page) if r.fill == RED]  # the first page's only
    assert sample_body()  # the sample's three pages of text


# --- 纪要格式 ----------------------------------------------------------------------------------------


@pytest.fixture
def minutes(sample):
    return sample(doc_type="纪要", organ_mark="甲局办公会议纪要", number_code="甲纪", attachment_note="", remark="",
                  title="甲局2026年第5次局长办公会议纪要", body="11月3日，局长主持召开局长办公会议。\n会议议定如下：\n一、推进系统试运行",
                  minutes_present="王局长、李副局长、张副局长、办公室主任赵某某、财政科科长钱某某、人事科科长孙某某、信息科科长周某某、政策法规科科长吴某某",
                  minutes_absent="郑副局长（出差）", minutes_attending="冯某某")


def test_minutes_have_the_red_mark_and_no_signature_or_seal(minutes):
    reader = pdf(minutes, "minutes")
    first = runs(reader.pages[0])
    mark = find(first, "甲局办公会议纪要")
    assert glyph_top(mark) == pytest.approx(TYPE_TOP + L.ORGAN_MARK_TOP_MM, abs=1.5)
    assert "0.831373 0 0 rg" in reader.pages[0].get_contents().get_data().decode("latin-1")
    for page in reader.pages:
        assert not [r for r in rects(reader, page) if abs((r.right - r.left) - 42) < 0.5]  # no seal
        assert not [run for run in runs(page) if run.text in ("甲局", "2026年11月3日")]  # no 署名, no 成文日期
    assert "印发" in reader.pages[-1].extract_text()  # the 版记 ends it


def test_minutes_list_who_attended_was_excused_and_sat_in(minutes):
    reader = pdf(minutes, "minutes")
    index = page_with(reader, "出席：")
    page = runs(reader.pages[index])
    present, absent, attending = find(page, "出席："), find(page, "请假："), find(page, "列席：")
    for label in (present, absent, attending):
        assert label.x == pytest.approx(TYPE_LEFT + L.INDENT_2_PT / MM, abs=0.3)  # two characters in
        assert label.size == pytest.approx(16, abs=0.1)
    names = find(page, "王局长、李副局长")
    assert names.x == pytest.approx(present.x + 3 * L.ADVANCE_PT / MM, abs=0.6)  # right after 出席：
    assert names.y == pytest.approx(present.y, abs=0.2)
    wrapped = next(run for run in page if run.y == pytest.approx(present.y + L.PITCH_MM, abs=0.2))
    assert wrapped.x == pytest.approx(names.x, abs=0.3)  # a wrapped line aligns with the first name
    assert absent.y == pytest.approx(present.y + 3 * L.PITCH_MM, abs=0.2)  # 出席 runs to three lines
    assert attending.y == pytest.approx(absent.y + L.PITCH_MM, abs=0.2)
    assert find(page, "冯某某").y == pytest.approx(attending.y, abs=0.2)  # a short line is not broken
    text_above = max(run.y for run in page if run.y < present.y - 1)
    assert present.y - text_above == pytest.approx(2 * L.PITCH_MM, abs=0.3)  # one blank line below the text
    fonts = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            fonts.setdefault(text.strip(), str(font.get("/BaseFont")))

    reader.pages[index].extract_text(visitor_text=visit)
    label_font = next(font for text, font in fonts.items() if text.startswith("出席"))
    names_font = next(font for text, font in fonts.items() if text.startswith("王局长"))
    assert label_font != names_font and ("Sans" in label_font or "Hei" in label_font)  # 黑体, names 仿宋


def test_other_documents_do_not_print_the_minutes_lines(sample):
    reader = pdf(sample(minutes_present="王局长"), "notice-with-minutes-fields")
    assert "出席" not in "".join(page.extract_text() for page in reader.pages)


# --- 附件 pages ------------------------------------------------------------------------------------


def page_with(reader, text) -> int:
    return next(i for i, page in enumerate(reader.pages) if text in page.extract_text())


def test_each_attachment_starts_a_new_page_and_the_colophon_comes_last(sample):
    reader = pdf(sample(), "annexes-titles")
    signed = page_with(reader, "2026年11月3日")
    one, two = page_with(reader, "附件1"), page_with(reader, "附件2")
    assert signed < one < two == len(reader.pages) - 1
    for index, label in ((one, "附件1"), (two, "附件2")):
        page = runs(reader.pages[index])
        first = min(page, key=lambda run: run.y)
        assert first.text == label and first.x == pytest.approx(TYPE_LEFT, abs=0.3)
        assert TYPE_TOP < first.y < TYPE_TOP + L.PITCH_MM  # the first line of the type area
        assert first.size == pytest.approx(16, abs=0.1)
    title = find(runs(reader.pages[one]), "试运行单位名单")
    assert title.size == pytest.approx(22, abs=0.1)
    label = find(runs(reader.pages[one]), "附件1")
    assert title.y == pytest.approx(label.y + 2 * L.PITCH_MM, abs=1.0)  # the third line
    centre = title.x + 7 * 22 / MM / 2
    assert centre == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=1)
    assert "抄送" in reader.pages[-1].extract_text()
    assert all("抄送" not in page.extract_text() for page in reader.pages[:-1])
    printed = find(runs(reader.pages[-1]), "印发")
    assert TYPE_BOTTOM - L.PITCH_MM < printed.y < TYPE_BOTTOM
    for number, page in enumerate(reader.pages, start=1):  # numbered on through the 附件
        assert f"— {number} —" in page.extract_text()


def test_a_single_attachment_is_labelled_without_a_number(sample):
    reader = pdf(sample(attachment_note="试运行单位名单"), "annex-single")
    last = runs(reader.pages[-1])
    assert min(last, key=lambda run: run.y).text == "附件"


def test_an_uploaded_pdf_is_appended_as_pages(sample, personas):
    document = sample()
    attach(document, personas.staff_a, "试运行单位名单.pdf", foreign_pdf(2))
    reader = pdf(document, "annexes-pdf")
    one, two = page_with(reader, "附件1"), page_with(reader, "附件2")
    assert two == one + 3  # the title page and the file's two pages
    for offset in (1, 2):
        page = reader.pages[one + offset]
        assert f"外来文件第{offset}页" in page.extract_text()
        assert f"— {one + offset + 1} —" in page.extract_text()  # numbered with the document
        box = next(r for r in rects(reader, page) if r.fill == (0.0, 0.0, 0.0) and r.right - r.left > 50)
        assert TYPE_LEFT <= box.left and box.right <= TYPE_RIGHT and TYPE_TOP <= box.top and box.bottom <= TYPE_BOTTOM
    assert "抄送" in reader.pages[-1].extract_text() and page_with(reader, "抄送") == len(reader.pages) - 1


def test_an_uploaded_pdf_last_puts_the_colophon_on_a_page_of_its_own(sample, personas):
    document = sample(attachment_note="试运行单位名单\n试运行工作联系人一览表")
    attach(document, personas.staff_a, "名单.pdf", foreign_pdf(1))  # no line is named so: the first line left
    attach(document, personas.staff_a, "试运行工作联系人一览表.pdf", foreign_pdf(2))  # named: the second line
    reader = pdf(document, "annexes-pdf-last")
    one, two = page_with(reader, "附件1"), page_with(reader, "附件2")
    assert two == one + 2 and "外来文件第1页" in reader.pages[one + 1].extract_text()
    assert "外来文件第2页" in reader.pages[two + 2].extract_text()
    assert len(reader.pages) == two + 4
    last = reader.pages[-1]
    assert "抄送" in last.extract_text() and "外来文件" not in last.extract_text()
    printed = find(runs(last), "印发")
    assert TYPE_BOTTOM - L.PITCH_MM < printed.y < TYPE_BOTTOM


def test_an_uploaded_docx_is_printed_under_its_title(sample, personas):
    document = sample(attachment_note="联系人名单说明")
    attach(document, personas.staff_a, "联系人名单说明.docx", word_file())
    reader = pdf(document, "annex-docx")
    page = runs(reader.pages[-1])
    heading = find(page, "一、联系人名单说明")
    assert heading.x == pytest.approx(TYPE_LEFT + L.INDENT_2_PT / MM, abs=0.3)
    assert find(page, "各单位联系人负责本单位").y > heading.y
    note = find(runs(reader.pages[page_with(reader, "附件：")]), "附件：")
    assert note.text == "附件：联系人名单说明"  # a short single 附件 stays on one line
    assert "抄送" in reader.pages[-1].extract_text()


def test_an_uploaded_file_of_another_kind_gets_its_title_page(sample, personas):
    document = sample(attachment_note="")
    attach(document, personas.staff_a, "现场照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    reader = pdf(document, "annex-other")
    texts = [page.extract_text() for page in reader.pages]
    assert "附件：现场照片" in texts[-2].replace("\n", "")  # the 附件说明 names it
    assert min(runs(reader.pages[-1]), key=lambda run: run.y).text == "附件"
    assert "现场照片" in texts[-1]


# --- 份号 of a printed copy ---------------------------------------------------------------------------


def test_a_printed_copy_carries_its_own_copy_number(sample):
    document = sample(print_copies=5)
    reader = pdf(document, "copy-3", copy=3)
    first = min(runs(reader.pages[0]), key=lambda run: run.y)
    assert first.text == "000003" and first.x == pytest.approx(TYPE_LEFT, abs=0.5)


# --- the same in the DOCX -------------------------------------------------------------------------

def opened(document, **kwargs):
    from documents.rendering.docx import render_docx

    return docx.Document(io.BytesIO(render_docx(document, **kwargs)))


def frame(paragraph):
    from docx.oxml.ns import qn

    found = paragraph._p.pPr.find(qn("w:framePr")) if paragraph._p.pPr is not None else None
    return {key.split("}")[1]: value for key, value in found.attrib.items()} if found is not None else {}


def test_a_letter_in_docx(letter):
    from docx.oxml.ns import qn

    result = opened(letter)
    paragraphs = result.paragraphs
    mark = next(p for p in paragraphs if p.text == "甲局")
    assert str(mark.runs[0].font.color.rgb) == "D40000"
    place = frame(mark)
    assert place["vAnchor"] == "page"
    mark_top_mm = int(place["y"]) / TWIPS + (36 * 1.15 - 36) / 2 / MM
    assert mark_top_mm == pytest.approx(L.LETTER_MARK_TOP_MM, abs=0.3)  # the glyphs' box, 30 mm from the top edge
    rules = [p for p in paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
             and p._p.pPr.find(qn("w:pBdr"))[0].get(qn("w:color")) == "D40000"]
    assert [r._p.pPr.find(qn("w:pBdr"))[0].get(qn("w:val")) for r in rules] == ["thickThinSmallGap", "thinThickSmallGap"]
    for rule in rules:
        assert int(frame(rule)["w"]) / TWIPS == pytest.approx(170, abs=0.1)
        assert int(frame(rule)["x"]) / TWIPS == pytest.approx(21, abs=0.1)  # centred on the type area
    assert int(frame(rules[0])["y"]) / TWIPS == pytest.approx(L.LETTER_MARK_TOP_MM + 36 / MM + 4, abs=0.1)
    bottom = int(frame(rules[1])["y"]) / TWIPS + L.DOUBLE_RULE_H_MM
    assert L.PAGE_H_MM - bottom == pytest.approx(20, abs=0.1)
    number = next(p for p in paragraphs if "韶甲函〔2026〕77号" in p.text)
    assert number.text == "000001\t韶甲函〔2026〕77号"  # 份号 left, the number at the right tab
    section = result.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_footer._element.xml and "PAGE" in section.footer._element.xml
    texts = [p.text for p in paragraphs]
    assert "抄送：市信息中心。" in texts and not any("印发" in t for t in texts)


def test_minutes_in_docx(minutes):
    result = opened(minutes)
    texts = [p.text for p in result.paragraphs]
    assert "甲局办公会议纪要" in texts
    present = next(p for p in result.paragraphs if p.text.startswith("出席："))
    assert present.runs[0].text == "出席：" and "黑体" in present.runs[0]._r.xml
    assert present.paragraph_format.first_line_indent.pt == pytest.approx(-3 * 15.75, abs=0.1)  # hanging
    assert present.paragraph_format.left_indent.pt == pytest.approx(5 * 15.75, abs=0.1)
    assert [t[:3] for t in texts if t[:3] in ("出席：", "请假：", "列席：")] == ["出席：", "请假：", "列席："]
    assert "2026年11月3日" not in texts and "甲局" not in texts  # no 署名, no date
    assert not result.element.body.findall(".//" + "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")


def test_attachment_pages_in_docx(sample, personas):
    document = sample(attachment_note="试运行单位名单\n联系人名单说明")
    attach(document, personas.staff_a, "联系人名单说明.docx", word_file())
    attach(document, personas.staff_a, "试运行单位名单.pdf", foreign_pdf(2))
    result = opened(document)
    paragraphs = result.paragraphs
    labels = [p for p in paragraphs if p.text in ("附件1", "附件2")]
    assert [p.text for p in labels] == ["附件1", "附件2"]
    for label in labels:
        assert label.paragraph_format.page_break_before and "黑体" in label.runs[0]._r.xml
        title = paragraphs[paragraphs.index(label) + 1]
        assert title.alignment == 1 and title.runs[0].font.size.pt == 22  # centred, 2号
    texts = [p.text for p in paragraphs]
    assert any("共2页" in t and "试运行单位名单.pdf" in t for t in texts)
    assert texts.index("一、联系人名单说明") > texts.index("附件2")
    assert texts.index("附件2") > texts.index("2026年11月3日")
    assert texts[-2].startswith("抄送：") and texts[-1].endswith("印发")  # the 版记 last


def test_a_printed_copy_in_docx(sample):
    result = opened(sample(print_copies=4), copy=4)
    assert result.paragraphs[0].text == "000004"
