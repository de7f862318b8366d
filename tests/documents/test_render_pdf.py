"""The red-header PDF measured against GB/T 9704-2012 (numbers in ../shared/DOMAIN.md).

Positions come from pypdf: text baselines through the text and transformation matrices, and the
rectangles WeasyPrint fills (the red rule, the seal's clip box). All distances in mm from the
page's top-left corner.
"""

import io
import re
from dataclasses import dataclass, replace

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from documents.choices import Direction, Urgency
from documents.rendering import layout as L
from documents.rendering.bench import sample_body
from documents.rendering.context import printed
from documents.rendering.pdf import render_pdf

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fa5]+〔\d{4}〕[1-9]\d*号$")
TYPE_LEFT, TYPE_RIGHT = L.MARGIN_LEFT_MM, L.MARGIN_LEFT_MM + L.TYPE_W_MM  # 28, 184
TYPE_TOP, TYPE_BOTTOM = L.MARGIN_TOP_MM, L.MARGIN_TOP_MM + L.TYPE_H_MM  # 37, 262
RED = (0.831, 0.0, 0.0)


@dataclass
class Run:
    text: str
    x: float  # left edge, mm from the left of the page
    y: float  # baseline, mm from the top of the page
    size: float  # pt


@dataclass
class Rect:
    fill: tuple
    left: float
    top: float
    right: float
    bottom: float


def _mul(m, n):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def runs(page) -> list[Run]:
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        x, y = tm[4], tm[5]
        X = x * cm[0] + y * cm[2] + cm[4]
        Y = x * cm[1] + y * cm[3] + cm[5]
        found.append(Run(text.strip(), X / MM, (height - Y) / MM, abs(size * tm[3] * cm[3]) or size))

    page.extract_text(visitor_text=visit)
    return found


def rects(reader, page) -> list[Rect]:
    height = float(page.mediabox.height)
    ctm, stack, fill, found = (1, 0, 0, 1, 0, 0), [], None, []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append((ctm, fill))
        elif op == b"Q":
            ctm, fill = stack.pop()
        elif op == b"cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == b"rg":
            fill = tuple(round(float(v), 3) for v in operands)
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            xs, ys = [], []
            for px, py in ((x, y), (x + w, y + h)):
                xs.append((px * ctm[0] + py * ctm[2] + ctm[4]) / MM)
                ys.append((height - (px * ctm[1] + py * ctm[3] + ctm[5])) / MM)
            found.append(Rect(fill, min(xs), min(ys), max(xs), max(ys)))
    return found


def pdf_of(document) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(document)))


def find(page_runs, text) -> Run:
    return next(run for run in page_runs if text in run.text)


@pytest.fixture
def three_pages(sample):
    return pdf_of(sample())


def test_pages_are_a4(three_pages):
    for page in three_pages.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)


SIGNED = 2  # the page of the signature: the third of the text, before a page for each of the two 附件


def test_the_sample_is_three_pages_of_text_and_a_page_for_each_attachment(three_pages):
    assert len(three_pages.pages) == 5


def test_document_number_has_the_official_format(three_pages):
    lines = [line.strip() for line in three_pages.pages[0].extract_text().splitlines()]
    numbers = [line for line in lines if DOC_NUMBER.match(line)]
    assert numbers == ["韶甲〔2026〕77号"]


def test_body_text_lies_inside_the_type_area(three_pages):
    for number, page in enumerate(three_pages.pages, start=1):
        body = [run for run in runs(page) if not run.text.startswith("—")]
        assert body, number
        assert min(run.x for run in body) == pytest.approx(TYPE_LEFT, abs=1)
        for run in body:
            assert TYPE_LEFT - 1 <= run.x < TYPE_RIGHT, run
            assert TYPE_TOP < run.y <= TYPE_BOTTOM + 0.5, run


def test_text_starts_on_the_first_line_of_the_type_area(three_pages):
    first = runs(three_pages.pages[0])[0]
    assert first.text == "000001"  # 份号, 6 digits, top left
    assert first.x == pytest.approx(TYPE_LEFT, abs=0.5)
    assert TYPE_TOP < first.y < TYPE_TOP + L.PITCH_MM  # the baseline of the first line


def _body_runs(page) -> list[Run]:
    return [run for run in runs(page) if run.size == pytest.approx(L.BODY_PT, abs=0.1) and not run.text.startswith("—")]


def test_body_lines_sit_on_a_grid_of_22_lines(three_pages):
    assert L.PITCH_MM == pytest.approx(225 / 22)
    body = _body_runs(three_pages.pages[2])  # headings, run-in headings, attachments, signature, date, remark
    first = min(run.y for run in body)
    assert first == pytest.approx(TYPE_TOP + 7.55, abs=0.3)  # the baseline of line 1
    for run in body:
        lines = (run.y - first) / L.PITCH_MM
        assert abs(lines - round(lines)) < 0.03, run
    assert max(round((run.y - first) / L.PITCH_MM) for run in body) <= 21  # 22 lines


def test_a_full_line_holds_28_characters(three_pages):
    lengths = [
        len(run.text) for page in three_pages.pages for run in _body_runs(page) if run.x == pytest.approx(TYPE_LEFT, abs=0.2)
    ]
    assert max(lengths) == 28 and lengths.count(28) >= 4, lengths


def test_organ_mark_is_red_and_35_mm_below_the_type_area_top(three_pages):
    page = three_pages.pages[0]
    mark = find(runs(page), "甲局文件")
    top_of_glyphs = mark.y - 0.88 * mark.size / MM  # the ideographic em box rises 0.88 em above the baseline
    assert top_of_glyphs == pytest.approx(TYPE_TOP + L.ORGAN_MARK_TOP_MM, abs=1.5)
    assert 22 <= mark.size <= 36
    assert "0.831373 0 0 rg" in page.get_contents().get_data().decode("latin-1")
    centre = mark.x + len("甲局文件") * mark.size / MM / 2
    assert centre == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=2)


def test_upward_documents_put_the_organ_mark_80_mm_down_and_the_signer_on_the_right(sample, personas):
    personas.head_a.name = "王局长"
    personas.head_a.save(update_fields=["name"])
    reader = pdf_of(sample(direction=Direction.UPWARD, doc_type="请示", signer=personas.head_a))
    page = runs(reader.pages[0])
    mark = find(page, "甲局文件")
    assert mark.y - 0.88 * mark.size / MM == pytest.approx(TYPE_TOP + L.ORGAN_MARK_TOP_UP_MM, abs=1.5)
    number = find(page, "韶甲〔2026〕77号")
    assert number.x == pytest.approx(TYPE_LEFT + L.ADVANCE_PT / MM, abs=0.5)  # one character in
    assert "签发人：" in number.text  # same line (pypdf joins the runs of one font on one baseline)
    name = find(page, "王局长")  # 楷体, a run of its own
    assert name.y == pytest.approx(number.y, abs=0.3)
    name_right = name.x + 3 * 16 / MM
    assert TYPE_RIGHT - name_right == pytest.approx(L.ADVANCE_PT / MM, abs=1.5)  # one character in
    assert "签发人：王局长" in reader.pages[0].extract_text().replace(" ", "")


def test_an_unsigned_upward_document_keeps_the_signer_label_and_a_downward_one_has_none(sample, three_pages):
    unsigned = pdf_of(sample(direction=Direction.UPWARD, doc_type="请示", number_seq=None, number_code="",
                             number_year=None, signed_at=None, signer=None))
    assert "签发人：" in unsigned.pages[0].extract_text()
    assert "签发人" not in "".join(page.extract_text() for page in three_pages.pages)  # the sample is a 下行文


def test_several_signers_stand_two_a_line_the_number_on_the_last(sample, personas, monkeypatch):
    """GB/T 9704-2012 7.2.4: a joint 上行文 lists every organ's 签发人, the lead's first, two a line, a new
    line's first name under the first name above; the 发文字号 on the line of the last name."""
    from documents.rendering import pdf

    names = ["王一民", "李二", "张三丰"]
    monkeypatch.setattr(pdf, "printed", lambda document, *args, **kwargs: replace(printed(document, *args, **kwargs), signer_labels=names))
    reader = pdf_of(sample(direction=Direction.UPWARD, doc_type="请示", signer=personas.head_a))
    page = runs(reader.pages[0])
    first_line = find(page, "王一民")  # pypdf joins the 楷体 runs of one baseline: the first line's two names
    third = find(page, "张三丰")
    number = find(page, "韶甲〔2026〕77号")
    label = find(page, "签发人：")
    assert first_line.text.replace(" ", "") == "王一民李二" and first_line.y == pytest.approx(label.y, abs=0.3)
    assert third.y - first_line.y == pytest.approx(L.PITCH_MM, abs=0.3)  # the next line of the grid
    assert number.y == pytest.approx(third.y, abs=0.3) and number.x == pytest.approx(TYPE_LEFT + L.ADVANCE_PT / MM, abs=0.5)
    assert "签发人" not in number.text  # the label stands on the first line only
    assert third.x == pytest.approx(first_line.x, abs=0.3)  # aligned with the first name above
    names_right = first_line.x + (3 + 2) * 16 / MM + L.INDENT_1_PT / MM  # two names, one character between
    assert TYPE_RIGHT - names_right == pytest.approx(L.ADVANCE_PT / MM, abs=1.5)  # one character in
    red = [rect for rect in rects(reader, reader.pages[0]) if rect.fill == RED]
    assert min(r.top for r in red) - (number.y + 0.12 * 16 / MM) == pytest.approx(4, abs=0.7)  # rule under the last line


def test_red_rule_spans_the_type_area_4_mm_below_the_number(three_pages):
    page = three_pages.pages[0]
    number = find(runs(page), "韶甲〔2026〕77号")
    red = [rect for rect in rects(three_pages, page) if rect.fill == RED]  # a border: outer and inner edge
    assert red
    left, right = min(r.left for r in red), max(r.right for r in red)
    top, bottom = min(r.top for r in red), max(r.bottom for r in red)
    assert left == pytest.approx(TYPE_LEFT, abs=0.2) and right == pytest.approx(TYPE_RIGHT, abs=0.2)
    assert 0.2 < bottom - top < 1.0
    glyph_bottom = number.y + 0.12 * 16 / MM
    assert top - glyph_bottom == pytest.approx(4, abs=0.7)


def test_title_main_recipients_and_headings(three_pages):
    page = runs(three_pages.pages[0])
    title = find(page, "关于做好我市电子政务应用系统")
    assert title.size == pytest.approx(22, abs=0.1)
    main_to = find(page, "乙局")
    assert main_to.text == "乙局、各县（市、区）经贸局：" and main_to.x == pytest.approx(TYPE_LEFT, abs=0.3)
    heading = find(page, "一、试运行时间和范围")
    assert heading.x == pytest.approx(TYPE_LEFT + L.INDENT_2_PT / MM, abs=0.3)  # 2-character indent


def test_headings_use_their_fonts(three_pages):
    fonts = {}

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            fonts.setdefault(text.strip(), str(font.get("/BaseFont")))

    three_pages.pages[0].extract_text(visitor_text=visit)
    assert "Sans" in fonts["一、试运行时间和范围"] or "Hei" in fonts["一、试运行时间和范围"]  # 黑体
    assert "Kai" in fonts["（一）试运行时间。"]  # 楷体


def test_page_numbers_alternate_sides_below_the_type_area(three_pages):
    assert len(three_pages.pages) >= 2
    for number, page in enumerate(three_pages.pages, start=1):
        label = find(runs(page), f"— {number} —")
        assert label.size == pytest.approx(14, abs=0.1)
        assert TYPE_BOTTOM + 5 < label.y < TYPE_BOTTOM + 12  # the dashes 7 mm below the type area
        if number % 2:
            assert label.x > (TYPE_LEFT + TYPE_RIGHT) / 2
        else:
            assert label.x < (TYPE_LEFT + TYPE_RIGHT) / 2
            assert label.x == pytest.approx(TYPE_LEFT + 14 / MM, abs=0.5)  # one character in


def test_signature_date_and_seal_end_the_text_and_the_colophon_the_last_page(three_pages):
    last = three_pages.pages[SIGNED]
    page = runs(last)
    date = find(page, "2026年11月3日")
    date_right = date.x + (3 + 7 * 0.5) * L.ADVANCE_PT / MM  # 年月日 + the half-width digits 2026, 11, 3
    assert TYPE_RIGHT - date_right == pytest.approx(4 * L.ADVANCE_PT / MM, abs=1.5)  # 4 characters in
    signature = find(page, "甲局")
    assert signature.y == pytest.approx(date.y - L.PITCH_MM, abs=0.3)
    seals = [r for r in rects(three_pages, last) if abs((r.right - r.left) - 42) < 0.5 and abs((r.bottom - r.top) - 42) < 0.5]
    assert len(seals) == 1
    seal = seals[0]
    assert seal.top < signature.y < seal.bottom and seal.top < date.y < seal.bottom
    text_above = max(run.y for run in page if run.y < signature.y - 2 * L.PITCH_MM + 1)
    assert 0 < seal.top - text_above < L.PITCH_MM  # its top within one line of the text
    remark = find(page, "（此件公开发布）")
    assert remark.y > date.y
    page = runs(three_pages.pages[-1])  # after the 附件 (GB/T 9704 §8)
    cc = find(page, "抄送：")
    assert cc.text == "抄送：市信息中心。" and cc.size == pytest.approx(14, abs=0.1)
    printed = find(page, "印发")
    assert printed.text.endswith("2026年11月4日印发") and "甲局办公室" in printed.text
    assert TYPE_BOTTOM - L.PITCH_MM < printed.y < TYPE_BOTTOM  # at the bottom of the type area


def test_attachments_are_numbered_with_a_hanging_indent(three_pages):
    page = runs(three_pages.pages[SIGNED])
    label, one, two = find(page, "附件："), find(page, "1."), find(page, "2.")
    assert label.x == pytest.approx(TYPE_LEFT + L.INDENT_2_PT / MM, abs=0.3)
    assert one.x == pytest.approx(two.x, abs=0.2) and two.y == pytest.approx(one.y + L.PITCH_MM, abs=0.2)
    wrapped = find(page, "2026年11月10日前报送市信息中心）")
    assert wrapped.x == pytest.approx(find(page, "试运行单位名单").x, abs=0.2)


def test_unsealed_documents_have_no_seal(sample):
    reader = pdf_of(sample(sealed=False))
    last = reader.pages[SIGNED]
    assert "2026年11月3日" in last.extract_text()
    assert not [r for r in rects(reader, last) if abs((r.right - r.left) - 42) < 0.5]


def test_unnumbered_drafts_show_no_number_and_no_date(sample):
    reader = pdf_of(sample(number_seq=None, number_code="", number_year=None, signed_at=None, signer=None,
                           written_date=None, printed_date=None, sealed=False, body="各单位要高度重视。",
                           urgency=Urgency.NORMAL, copy_number=None, attachment_note="", remark=""))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "（未编号）" in text
    assert not any(DOC_NUMBER.match(line.strip()) for line in text.splitlines())
    assert "年" not in text.split("甲局")[-1].split("甲局办公室")[0]  # no 成文日期 under the signature
    assert "印发" not in text
    assert "抄送：市信息中心。" in text and "甲局办公室" in text  # the 版记 hangs off the date line
    assert "000001" not in text and "加急" not in text


def test_returned_documents_do_not_keep_the_old_date(sample):
    reader = pdf_of(sample(number_seq=None, number_code="", number_year=None, signed_at=None, sealed=False))
    assert all("2026年11月3日" not in page.extract_text() for page in reader.pages)


def test_a_long_document_numbers_every_page(sample):
    reader = pdf_of(sample(body=sample_body() * 2))
    assert len(reader.pages) >= 5
    for number, page in enumerate(reader.pages, start=1):
        assert f"— {number} —" in page.extract_text()
    assert "抄送" in reader.pages[-1].extract_text()
    assert all("抄送" not in page.extract_text() for page in reader.pages[:-1])


def test_user_text_is_escaped_not_interpreted(sample):
    reader = pdf_of(sample(title="<img src='http://example.com/x.png'>标题", body="<b>加粗</b>&amp;"))
    text = reader.pages[0].extract_text()
    assert "<b>加粗</b>&amp;" in text.replace("\n", "")
