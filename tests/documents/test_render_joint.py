"""联合行文 in print: the joint organ mark, every organ's 署名 under its own seal, the lead's 版记 —
measured in the PDF against GB/T 9704-2012 (7.2.1, 7.3.5.2) and read back from the DOCX."""

import io
import os
import re

import pytest
from docx import Document as Docx
from pypdf import PdfReader
from pypdf.generic import ContentStream

from documents.choices import JointMark
from documents.models import Document, JointIssuer
from documents.rendering import layout as L
from documents.rendering.bench import create_sample_document
from documents.rendering.docx import render_docx
from documents.rendering.pdf import render_pdf
from documents.services.series import document_series
from oa.org.choices import SeriesKind
from oa.org.models import NumberSeries
from oa.org.services.series import series_create
from tests.documents.test_render_pdf import (
    DOC_NUMBER,
    MM,
    RED,
    TYPE_BOTTOM,
    TYPE_LEFT,
    TYPE_RIGHT,
    TYPE_TOP,
    _mul,
    find,
    rects,
    runs,
)

pytestmark = pytest.mark.django_db

SWB, SFB = "中共韶关市委办公室", "韶关市人民政府办公室"
SEAL = 42.0


@pytest.fixture
def joint(personas):
    """joint(**overrides) -> seed 004's shape: 市委办 leads (甲局 renamed), 市府办 (乙局 renamed) co-issues, numbered
    (as the sample's 77th) in the joint series the two share, 韶市办联, which documents/services/series.py chooses."""

    def _joint(**overrides):
        personas.dept_a.name, personas.dept_b.name = SWB, SFB
        personas.dept_a.save(update_fields=["name"])
        personas.dept_b.save(update_fields=["name"])
        document = create_sample_document(
            issuer=personas.dept_a, drafter=personas.staff_a, main=[], copy=[personas.info_dept],
            **{"signer": personas.head_a, "organ_mark": f"{SWB}文件", "number_code": "", "signature_name": SWB,
               "printing_org": SWB, "joint": True, "recipients_note": "市直有关单位", "remark": "", "attachment_note": "",
               "urgency": "normal", "copy_number": None, **overrides})
        JointIssuer.objects.create(document=document, department=personas.dept_b, position=0, signature_name=SFB)
        if not NumberSeries.objects.filter(code="韶市办联").exists():
            series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code="韶市办联",
                          organs=[personas.dept_a, personas.dept_b])
        Document.objects.filter(pk=document.pk).update(number_code=document_series(document).code)
        return Document.objects.get(pk=document.pk)  # fresh: a test may add co-issuers after

    return _joint


def pdf(document) -> PdfReader:
    data = render_pdf(document)
    if os.environ.get("OA_KEEP_PDF"):
        with open(os.environ["OA_KEEP_PDF"], "wb") as out:
            out.write(data)
    return PdfReader(io.BytesIO(data))


def seals(reader, page):
    return sorted((r for r in rects(reader, page) if abs(r.right - r.left - SEAL) < 0.5 and abs(r.bottom - r.top - SEAL) < 0.5),
                  key=lambda r: r.left)


def origins(reader, page, size: float) -> list[tuple[float, float]]:
    """(x, baseline y) in mm of every text run set at `size` pt: each text matrix (Tm) WeasyPrint writes
    starts one. pypdf's text extraction joins runs less than a line apart, as 文件 is from the names."""
    height = float(page.mediabox.height)
    ctm, stack, font_size, found, last_op = (1, 0, 0, 1, 0, 0), [], 0.0, [], None
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul(tuple(float(v) for v in operands), ctm)
        elif op == b"Tf":
            font_size = float(operands[1]) * abs(ctm[3])
            if last_op == b"Tm":  # WeasyPrint sets the first run's matrix before its font
                found[-1] = (*found[-1][:2], font_size)
        elif op == b"Tm":
            e, f = float(operands[4]), float(operands[5])
            x, y = e * ctm[0] + f * ctm[2] + ctm[4], e * ctm[1] + f * ctm[3] + ctm[5]
            found.append((x / MM, (height - y) / MM, font_size))
        last_op = op
    return [(x, y) for x, y, at in found if abs(at - size) < 0.1]


@pytest.fixture
def seed_004(joint):
    return pdf(joint())


def test_the_organ_mark_stacks_every_name_with_wenjian_centred_beside_them(seed_004):
    page = runs(seed_004.pages[0])
    first, second, suffix = find(page, "中共韶关市委"), find(page, "韶关市人民政府"), find(page, "文件")
    assert first.size == pytest.approx(second.size) == pytest.approx(suffix.size) and 22 <= first.size <= 36
    assert first.x == pytest.approx(second.x, abs=0.3)  # one column, the lead's name first
    assert second.y - first.y == pytest.approx(1.25 * first.size / MM, abs=0.3)  # stacked, one line apart
    (x1, y1), (x2, y2), (x3, y3) = origins(seed_004, seed_004.pages[0], first.size)
    assert (x1, y1, x2, y2) == pytest.approx((first.x, first.y, second.x, second.y), abs=0.2)
    assert y3 == pytest.approx((y1 + y2) / 2, abs=0.3)  # 文件 centred on the stack
    em = first.size / MM
    assert x3 > first.x + 10 * em  # to the right of the names, the longer one included
    suffix.x = x3
    assert first.y - 0.88 * em == pytest.approx(TYPE_TOP + L.ORGAN_MARK_TOP_MM, abs=1.5)  # 35 mm below
    left, right = first.x, suffix.x + 2 * em
    assert right <= TYPE_RIGHT + 0.5 and left >= TYPE_LEFT - 0.5
    assert (left + right) / 2 == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=2)  # centred
    content = seed_004.pages[0].get_contents().get_data().decode("latin-1")
    assert "0.831373 0 0 rg" in content  # red


def test_the_lead_alone_when_the_drafter_chooses_it(joint):
    page = runs(pdf(joint(joint_mark=JointMark.LEAD)).pages[0])
    mark = find(page, f"{SWB}文件")
    assert mark.text == f"{SWB}文件" and not [run for run in page if "人民政府" in run.text and run.y < mark.y + 20]


def test_the_number_is_the_joint_one_two_lines_below_the_stack(seed_004):
    page = runs(seed_004.pages[0])
    lines = [line.strip() for line in seed_004.pages[0].extract_text().splitlines()]
    numbers = [line for line in lines if DOC_NUMBER.match(line)]
    assert len(numbers) == 1 and re.fullmatch(r"韶市办联〔2026〕[1-9]\d*号", numbers[0])  # the joint series'
    number, last_name = find(page, numbers[0]), find(page, "韶关市人民政府")
    assert 2 * L.PITCH_MM - 2 < number.y - last_name.y < 3 * L.PITCH_MM
    width = sum(L.char_width(ch) for ch in number.text) * 16 / MM
    assert number.x + width / 2 == pytest.approx((TYPE_LEFT + TYPE_RIGHT) / 2, abs=1)  # centred


def test_every_organ_signs_under_its_own_seal_side_by_side(seed_004):
    last = seed_004.pages[-1]
    page = runs(last)
    lead, co, date = find(page, SWB), find(page, SFB), find(page, "2026年11月3日")
    assert lead.y == pytest.approx(co.y, abs=0.2) and lead.x < co.x  # one row, in order
    assert co.x - (lead.x + len(SWB) * L.ADVANCE_PT / MM) > 0  # the 署名 do not run into each other
    assert date.y == pytest.approx(co.y + L.PITCH_MM, abs=0.3)  # the date under the last 署名
    date_right = date.x + (3 + 7 * 0.5) * L.ADVANCE_PT / MM
    assert TYPE_RIGHT - date_right == pytest.approx(4 * L.ADVANCE_PT / MM, abs=1.5)  # 4 characters in
    found = seals(seed_004, last)
    assert len(found) == 2  # one seal an organ
    left_seal, right_seal = found
    assert left_seal.right < right_seal.left  # neither touching nor overlapping
    assert left_seal.top == pytest.approx(right_seal.top, abs=0.1)  # one row
    assert TYPE_LEFT <= left_seal.left and right_seal.right <= TYPE_RIGHT  # inside the type area
    for seal, signature in ((left_seal, lead), (right_seal, co)):
        width = len(signature.text) * L.ADVANCE_PT / MM
        assert (seal.left + seal.right) / 2 == pytest.approx(signature.x + width / 2, abs=1.0)  # centred over it
        assert seal.top < signature.y < seal.bottom  # pressing on it
    assert right_seal.top < date.y < right_seal.bottom  # the last seal also over the date
    date_centre = date.x + (3 + 7 * 0.5) * L.ADVANCE_PT / MM / 2
    assert (right_seal.left + right_seal.right) / 2 == pytest.approx(date_centre, abs=1.0)
    text_above = max(run.y for run in page if run.y < left_seal.top + 1 and run.size == pytest.approx(16, abs=0.1))
    assert 0 < left_seal.top - text_above < L.PITCH_MM  # its top within one line of the text


def test_three_organs_fill_rows_of_seals_that_never_touch(joint, personas):
    document = joint()
    JointIssuer.objects.create(document=document, department=personas.info_dept, position=1,
                               signature_name="市信息中心")
    reader = pdf(document)
    last = next(page for page in reversed(reader.pages) if "市信息中心\n" in page.extract_text() + "\n")
    page = runs(last)
    found = seals(reader, last)
    assert len(found) == 3
    for i, a in enumerate(found):
        assert TYPE_LEFT <= a.left and a.right <= TYPE_RIGHT
        for b in found[i + 1:]:  # disjoint
            assert a.right < b.left or b.right < a.left or a.bottom < b.top or b.bottom < a.top
    third = next(run for run in page if run.text == "市信息中心")
    date = find(page, "2026年11月3日")
    assert third.y > find(page, SFB).y and date.y == pytest.approx(third.y + L.PITCH_MM, abs=0.3)


def test_the_colophon_names_the_lead_office(seed_004):
    page = runs(seed_004.pages[-1])
    printed = find(page, "印发")
    assert printed.text.startswith(SWB) and printed.text.endswith("2026年11月4日印发")
    assert TYPE_BOTTOM - L.PITCH_MM < printed.y < TYPE_BOTTOM
    rules = [r for r in rects(seed_004, seed_004.pages[-1]) if r.fill != RED and r.right - r.left > 150]
    assert rules  # the 版记's rules, full width


def test_unsealed_joint_drafts_keep_the_signatures_without_seals(joint):
    reader = pdf(joint(sealed=False))
    assert not seals(reader, reader.pages[-1])
    text = reader.pages[-1].extract_text()
    assert SWB in text and SFB in text


def test_the_docx_has_the_stack_every_signature_and_a_seal_each(joint):
    out = Docx(io.BytesIO(render_docx(joint())))
    stack = out.tables[0]
    names = [p.text for p in stack.rows[0].cells[0].paragraphs]
    assert names == [SWB, SFB] and stack.rows[0].cells[1].text == "文件"
    texts = [p.text for p in out.paragraphs]
    assert f"\t{SWB}\t{SFB}" in texts and "\t2026年11月3日" in texts
    assert sum(1 for p in out.paragraphs for _ in p._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")) == 2
    assert any(p.text.startswith(SWB + "\t2026年11月4日印发") for p in out.paragraphs)
