"""The OFD (GB/T 33190-2016) of a document: written from the PDF's own layout (documents/rendering/ofd.py,
oa/rendering/ofd/), read back by the upload gate's OFD reader and by an independent library (easyofd), placed
where the PDF places things, stored and offered like the PDF and DOCX."""

import io
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from documents.choices import DocumentState as S
from documents.rendering.bench import sample_body
from documents.rendering.ofd import render_ofd
from documents.rendering.pdf import render_pdf
from oa.rendering.ofd.package import NS
from oa.uploads.limits import current_limits
from oa.uploads.screening import verdict
from oa.uploads.screening.ofd import inspect_ofd
from tests.documents.test_render_joint import joint, seals  # noqa: F401 (the joint fixture)
from tests.documents.test_render_pdf import RED, find, rects, runs

pytestmark = pytest.mark.django_db

Q = f"{{{NS}}}"
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """(OFD bytes, PDF bytes) of the sample, rendered once for the module."""
    from django.db import transaction

    from documents.rendering.bench import create_sample_document

    with django_db_blocker.unblock(), transaction.atomic():
        document = create_sample_document(organ_mark="甲局文件", number_code="韶甲", signature_name="甲局",
                                          printing_org="甲局办公室")
        result = render_ofd(document), render_pdf(document)
        transaction.set_rollback(True)
    return result


def gate_pages(data: bytes) -> list[list[str]]:
    """Each page's lines as the upload gate reads them (by position, top to bottom, left to right)."""
    limits = current_limits()
    inspection = inspect_ofd(zipfile.ZipFile(io.BytesIO(data)), limits,
                             lambda name, inner: verdict.screen(name=name, content=inner, limits=limits))
    return [[line.text for line in segment.lines] for segment in inspection.segments if segment.location.startswith("第")]


def body_paragraphs() -> list[str]:
    return [line for line in sample_body().splitlines() if not line.startswith("|")]


def test_the_package_has_the_gbt_33190_parts_and_one_page_per_pdf_page(rendered):
    ofd, pdf = rendered
    archive = zipfile.ZipFile(io.BytesIO(ofd))
    names = set(archive.namelist())
    assert {"OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml"} <= names
    root = ET.fromstring(archive.read("OFD.xml"))
    assert root.tag == f"{Q}OFD" and root.get("DocType") == "OFD"
    assert root.find(f"{Q}DocBody/{Q}DocRoot").text == "Doc_0/Document.xml"
    document = ET.fromstring(archive.read("Doc_0/Document.xml"))
    pages = [page.get("BaseLoc") for page in document.iter(f"{Q}Page")]
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) == 5
    assert all(f"Doc_0/{loc}" in names for loc in pages)
    assert document.find(f"{Q}CommonData/{Q}PageArea/{Q}PhysicalBox").text == "0 0 210 297"
    fonts = ET.fromstring(archive.read("Doc_0/PublicRes.xml")).iter(f"{Q}Font")
    files = [font.find(f"{Q}FontFile").text for font in fonts]
    assert files and all(f"Doc_0/Res/{file}" in names for file in files)  # every face embedded (a subset)
    assert all(len(archive.read(f"Doc_0/Res/{file}")) < 200_000 for file in files)
    media = ET.fromstring(archive.read("Doc_0/DocumentRes.xml")).find(f"{Q}MultiMedias/{Q}MultiMedia")
    assert archive.read(f"Doc_0/Res/{media.find(f'{Q}MediaFile').text}")[:4] == b"\x89PNG"  # the seal


def test_the_upload_gate_accepts_it_and_reads_the_text_in_order(rendered):
    ofd, _ = rendered
    result = verdict.screen(name="a.ofd", content=ofd, limits=current_limits())
    assert result.verdict == "accepted" and result.detected_type == "ofd" and result.text_found
    pages = gate_pages(ofd)
    assert len(pages) == 5
    first = pages[0]
    assert first[:5] == ["000001", "加急", "甲局文件", "韶甲〔2026〕77号", "关于做好我市电子政务应用系统"]
    assert [PAGE_NUMBER.match(page[-1]) is not None for page in pages] == [True] * 5
    text = "".join(line for page in pages for line in page if not PAGE_NUMBER.match(line))
    at = 0
    for paragraph in body_paragraphs():
        at = text.index(paragraph, at) + len(paragraph)  # every paragraph, whole, in order
    for tail in ("甲局", "2026年11月3日", "（此件公开发布）", "附件2", "抄送：", "甲局办公室2026年11月4日印发"):
        at = text.index(tail, at) + len(tail)


def test_text_rules_and_seal_stand_where_the_pdf_puts_them(rendered):
    ofd, pdf = rendered
    archive = zipfile.ZipFile(io.BytesIO(ofd))
    reader = PdfReader(io.BytesIO(pdf))
    page = ET.fromstring(archive.read("Doc_0/Pages/Page_0/Content.xml"))
    placed = {}
    for obj in page.iter(f"{Q}TextObject"):
        x, y, *_ = (float(v) for v in obj.get("Boundary").split())
        code = obj.find(f"{Q}TextCode")
        placed[code.text] = (x + float(code.get("X")), y + float(code.get("Y")), obj.find(f"{Q}FillColor").get("Value"))
    pdf_runs = runs(reader.pages[0])
    for text in ("000001", "甲局文件", "关于做好我市电子政务应用系统", "试运行有关工作的通知", "为加快推进我市电子政务建设"):
        pdf_run = find(pdf_runs, text)
        ofd_x, ofd_y, _ = next(where for code, where in placed.items() if text in code)
        assert (ofd_x, ofd_y) == pytest.approx((pdf_run.x, pdf_run.y), abs=0.1)
    assert placed["甲局文件"][2] == "212 0 0"
    rule = [r for r in rects(reader, reader.pages[0]) if r.fill == RED]  # a border: outer and inner edge
    red = [obj for obj in page.iter(f"{Q}PathObject") if obj.find(f"{Q}FillColor").get("Value") == "212 0 0"]
    x, y, w, h = (float(v) for v in red[0].get("Boundary").split())
    assert (x, y, x + w, y + h) == pytest.approx((min(r.left for r in rule), min(r.top for r in rule),
                                                  max(r.right for r in rule), max(r.bottom for r in rule)), abs=0.1)
    seal_page = ET.fromstring(archive.read("Doc_0/Pages/Page_2/Content.xml"))
    seal = next(seal_page.iter(f"{Q}ImageObject"))
    assert [float(v) for v in seal.get("Boundary").split()][2:] == pytest.approx([42.0, 42.0], abs=0.05)


def test_an_independent_reader_easyofd_opens_it_with_the_text_in_order(rendered, tmp_path, monkeypatch):
    from easyofd.ofd import OFD

    monkeypatch.chdir(tmp_path)  # easyofd writes the fonts it registers into the working directory
    ofd, _ = rendered
    reader = OFD()
    reader.read(ofd, fmt="binary")
    document = reader.data[0]
    assert len(document["page_info"]) == 5
    texts = [run["text"] for number in sorted(document["page_info"])
             for run in document["page_info"][number]["text_list"]]
    joined = "".join(t for t in texts if not PAGE_NUMBER.match(t))
    at = 0
    for paragraph in ["甲局文件", "韶甲〔2026〕77号", *body_paragraphs(), "抄送："]:
        at = joined.index(paragraph, at) + len(paragraph)
    assert len(document["images"]) == 1
    assert len(PdfReader(io.BytesIO(reader.to_pdf())).pages) == 5  # and draws it (docs/rendering.md: how it looks)


def test_a_dispatched_document_offers_its_ofd_stored_once(personas, client, login, draft, walk, monkeypatch):
    from documents.rendering import ofd as module

    calls = []
    real = module.render_ofd
    monkeypatch.setattr(module, "render_ofd", lambda document, copy=None: calls.append(copy) or real(document, copy=copy))
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_b)
    page = client.get(f"/documents/{document.pk}/")
    assert f'href="/documents/{document.pk}/ofd/"' in page.content.decode()
    first = client.get(f"/documents/{document.pk}/ofd/")
    api = client.get(f"/api/v1/documents/{document.pk}/render.ofd")
    assert first.status_code == api.status_code == 200
    assert first["Content-Type"] == "application/ofd" and first["Content-Disposition"].endswith(".ofd")
    assert first.getvalue() == api.getvalue() and first.getvalue()[:2] == b"PK"
    assert calls == [None]
    copy = client.get(f"/documents/{document.pk}/ofd/?copy=2")
    assert copy.status_code == 404  # no 印制份数 registered: as for the PDF


def test_the_schema_offers_ofd(client, login, personas):
    login(personas.clerk_a)
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/documents/{id}/render.{fmt}"]["get"]
    fmt = next(p for p in operation["parameters"] if p["name"] == "fmt")
    assert "ofd" in fmt["schema"]["enum"]
    assert "application/ofd" in operation["responses"]["200"]["content"]


def test_the_same_document_gives_the_same_bytes(sample):
    document = sample(attachment_note="")
    assert render_ofd(document) == render_ofd(document)


def test_a_letter_keeps_its_red_double_rules_and_an_unnumbered_first_page(sample):
    letter = sample(doc_type="函", organ_mark="甲局", number_code="韶甲函", attachment_note="", body="请予支持。\n特此函告。",
                    title="关于商请支持电子政务试运行工作的函")
    archive = zipfile.ZipFile(io.BytesIO(render_ofd(letter)))
    page = ET.fromstring(archive.read("Doc_0/Pages/Page_0/Content.xml"))
    red = sorted(tuple(float(v) for v in obj.get("Boundary").split()) for obj in page.iter(f"{Q}PathObject")
                 if obj.find(f"{Q}FillColor").get("Value") == "212 0 0")
    assert len(red) == 4  # thick over thin under the mark, thin over thick at the foot
    assert all(w == pytest.approx(170, abs=0.1) and x == pytest.approx(21, abs=0.1) for x, _, w, _ in red)
    assert red[-1][1] + red[-1][3] == pytest.approx(297 - 20, abs=0.2)
    texts = [code.text for code in page.iter(f"{Q}TextCode")]
    assert not any(PAGE_NUMBER.match(text) for text in texts)


def test_a_joint_document_has_each_organs_seal_where_the_pdf_has_it(joint):  # noqa: F811
    document = joint()
    archive = zipfile.ZipFile(io.BytesIO(render_ofd(document)))
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    last = len(reader.pages) - 1
    page = ET.fromstring(archive.read(f"Doc_0/Pages/Page_{last}/Content.xml"))
    placed = sorted([float(v) for v in obj.get("Boundary").split()] for obj in page.iter(f"{Q}ImageObject"))
    expected = seals(reader, reader.pages[last])
    assert len(placed) == len(expected) == 2
    for (x, y, w, h), seal in zip(placed, expected, strict=True):
        assert (x, y, x + w, y + h) == pytest.approx((seal.left, seal.top, seal.right, seal.bottom), abs=0.1)
    resources = ET.fromstring(archive.read("Doc_0/DocumentRes.xml")).iter(f"{Q}MultiMedia")
    assert len(list(resources)) == 2  # two organs, two different seals


def test_an_uploaded_pdf_annex_is_drawn_on_its_pages_as_in_the_pdf(sample, personas):
    from tests.documents.test_render_formats import attach, foreign_pdf

    document = sample()
    attach(document, personas.staff_a, "试运行单位名单.pdf", foreign_pdf(2))
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    archive = zipfile.ZipFile(io.BytesIO(render_ofd(document)))
    pages = gate_pages(archive.fp.getvalue())
    assert len(pages) == len(reader.pages)
    one = next(i for i, page in enumerate(pages) if page and page[0] == "附件1")
    for offset in (1, 2):  # the file's two pages: a picture in the type area, the page number kept
        page = ET.fromstring(archive.read(f"Doc_0/Pages/Page_{one + offset}/Content.xml"))
        x, y, w, h = (float(v) for v in next(page.iter(f"{Q}ImageObject")).get("Boundary").split())
        assert 28 - 0.01 <= x and x + w <= 184 + 0.01 and 37 - 0.01 <= y and y + h <= 262 + 0.01
        assert max(w / 156, h / 225) == pytest.approx(1, abs=0.01)  # scaled to fit, as merge_pdf_pages does
        assert pages[one + offset] == [f"— {one + offset + 1} —"]
