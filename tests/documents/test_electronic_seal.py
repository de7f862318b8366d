"""The electronic seal (documents/seals): 用印 on a dispatched document gives a PDF signed by the issuing
organ (PAdES, pyHanko), the seal drawing as the signature's appearance where the seal stands; pyHanko and
poppler's pdfsig verify it, a changed byte breaks it; a joint document carries one signature per organ."""

import hashlib
import io
import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from documents.choices import DocumentState as S
from documents.models import SealedPdf
from documents.seals.signer import seal_signer
from oa.audit.models import LedgerEntry
from tests.documents import test_render_joint

pytestmark = pytest.mark.django_db
joint = test_render_joint.joint  # the fixture: seed 004's 市委办 and 市府办


def download(client, document) -> bytes:
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 200, response.getvalue()[:300]
    return response.getvalue()


def changed(pdf: bytes) -> bytes:
    """One byte of the page content changed (inside the signed range, outside the signature value)."""
    at = pdf.index(b"stream\n") + 40
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]


@pytest.fixture
def sealed(personas, client, login, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_b)  # a recipient downloads it
    pdf = download(client, document)
    if os.environ.get("OA_KEEP_PDF"):  # to look at it: pdftoppm, pdfsig
        with open(os.environ["OA_KEEP_PDF"], "wb") as out:
            out.write(pdf)
    return document, pdf


def test_the_dispatched_pdf_is_signed_by_the_issuing_organ_and_verifies(personas, sealed):
    document, pdf = sealed
    report = seal_signer().verify(pdf)
    assert report.ok, report.summary
    [signature] = report.signatures
    assert signature.signer == personas.dept_a.name
    assert signature.issuer == "市信息中心电子印章演示根证书"
    assert signature.intact and signature.valid and signature.trusted and signature.covers_whole
    row = SealedPdf.objects.get(sha256=hashlib.sha256(pdf).hexdigest())
    assert row.document == document and row.signers[0]["organ"] == personas.dept_a.name
    assert LedgerEntry.objects.filter(action="document.seal.sign", target_id=str(document.pk)).count() == 1


def test_the_signature_field_stands_where_the_seal_is_drawn(sealed):
    _, pdf = sealed
    reader = PdfReader(io.BytesIO(pdf))
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []
               if a.get_object().get("/FT") == "/Sig"]
    assert len(widgets) == 1
    x1, y1, x2, y2 = (float(v) for v in widgets[0]["/Rect"])
    assert abs((x2 - x1) - 42 * 72 / 25.4) < 1.5 and abs((y2 - y1) - 42 * 72 / 25.4) < 1.5
    assert widgets[0]["/AP"]["/N"]  # the seal drawing is the signature's appearance
    # on the right half of the page, over the 署名 and date (GB/T 9704 7.3.5.1)
    assert x1 > 210 * 72 / 25.4 / 2 - 20


def test_the_signed_file_is_served_again_unchanged_and_signed_once(personas, client, sealed):
    document, pdf = sealed
    assert download(client, document) == pdf
    assert SealedPdf.objects.filter(document=document).count() == 1


def test_a_changed_byte_breaks_the_seal(sealed):
    _, pdf = sealed
    report = seal_signer().verify(changed(pdf))
    assert not report.ok
    assert "改动" in report.summary or "无效" in report.summary or "无法读取" in report.summary


@pytest.mark.skipif(not shutil.which("pdfsig"), reason="poppler-utils (pdfsig) not installed")
def test_pdfsig_finds_the_signature_valid_and_a_changed_file_invalid(sealed, tmp_path):
    _, pdf = sealed
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(changed(pdf))
    out = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid" in out, out
    assert "Signer Certificate Common Name: 甲局" in out or "Common Name" in out
    # our internal root is not in poppler's (NSS) trust store: it reports the issuer as untrusted
    assert "Certificate Validation:" in out
    out = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True, timeout=60).stdout
    assert "Signature is Valid" not in out


def test_a_joint_document_carries_one_signature_per_organ_each_over_its_own_seal(joint, personas):
    from documents.models import Document, JointIssuer
    from documents.rendering.pdf import render_pdf
    from documents.seals.document import document_pdf
    from tests.documents.test_render_joint import SFB, SWB, seals
    from tests.documents.test_render_pdf import MM

    document = joint()
    JointIssuer.objects.create(document=document, department=personas.info_dept, position=1, signature_name="市信息中心")
    Document.objects.filter(pk=document.pk).update(state=S.DISPATCHED)
    document = Document.objects.get(pk=document.pk)
    signed = document_pdf(document)
    if os.environ.get("OA_KEEP_PDF"):
        with open(os.environ["OA_KEEP_PDF"].replace(".pdf", "-joint.pdf"), "wb") as out:
            out.write(signed)
    report = seal_signer().verify(signed)
    assert report.ok, report.summary
    assert [s.signer for s in report.signatures] == [SWB, SFB, personas.info_dept.name]  # the lead first, in order
    assert len({s.fingerprint for s in report.signatures}) == 3
    # each signature's field stands exactly where that organ's seal is drawn on the unsigned print
    drawn = PdfReader(io.BytesIO(render_pdf(document)))
    reader = PdfReader(io.BytesIO(signed))
    for index, page in enumerate(reader.pages):
        widgets = [a.get_object() for a in page.get("/Annots") or [] if a.get_object().get("/FT") == "/Sig"]
        expected = seals(drawn, drawn.pages[index])
        assert len(widgets) == len(expected)
        height = float(page.mediabox.height)
        got = sorted((float(w["/Rect"][0]) / MM, (height - float(w["/Rect"][3])) / MM) for w in widgets)
        for (left, top), rect in zip(got, expected, strict=True):
            assert left == pytest.approx(rect.left, abs=0.5) and top == pytest.approx(rect.top, abs=0.5)
    assert sum(len(page.get("/Annots") or []) for page in reader.pages) >= 3
    # a changed byte breaks every signature that covers it
    assert not seal_signer().verify(changed(signed)).ok


def test_seal_ca_creates_the_root_and_one_certificate_per_organ(personas, settings, tmp_path):
    from django.core.management import call_command

    from documents.seals import ca
    from documents.seals.keys import trust_roots

    settings.OA_SEAL_DIR = tmp_path / "seals"
    out = io.StringIO()
    call_command("seal_ca", stdout=out)
    assert "根证书：新建" in out.getvalue()
    assert ca.organ_path(personas.dept_a.slug).exists() and ca.organ_path(personas.info_dept.slug).exists()
    assert [root.subject.native["common_name"] for root in trust_roots()] == [ca.CA_NAME]
    assert (tmp_path / "seals" / "ca" / "root.key").read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY")
    again = io.StringIO()
    call_command("seal_ca", stdout=again)
    assert "根证书：已有" in again.getvalue() and "新签发单位印章证书 0 张" in again.getvalue()


def test_an_organ_without_a_key_gets_a_chinese_503_and_nothing_is_stored(personas, client, login, draft, walk, settings,
                                                                         tmp_path):
    settings.OA_SEAL_DIR = tmp_path / "empty"
    settings.OA_SEAL_AUTO_ENROL = False
    document = walk(draft(), S.DISPATCHED)
    login(personas.clerk_a)
    response = client.get(f"/documents/{document.pk}/pdf/")
    assert response.status_code == 503 and "电子印章未能加盖" in response.content.decode()
    assert not SealedPdf.objects.filter(document=document).exists()
