"""Whatever the bytes, the gate answers with a verdict — it never raises (no request ends in a 500)."""

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oa.uploads.choices import Verdict
from tests.uploads import corpus as c
from tests.uploads.screening import screen

MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff",
         b"PK\x05\x06", "机密★".encode()]
VALID = [c.docx(c.p("通知") + c.p("机密★1年")), c.xlsx([["密级", "秘密"]]), c.ofd([[(28, 45, "机密★1年")]]), c.png()]


def _check(result):
    assert result.verdict in Verdict.values
    assert isinstance(result.reasons, list) and all(isinstance(r, str) for r in result.reasons)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(MAGIC), body=st.binary(max_size=4096), name=st.text(max_size=40))
def test_random_bytes_never_raise(prefix, body, name):
    _check(screen(name=name, content=prefix + body))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(which=st.integers(0, len(VALID) - 1), data=st.data())
def test_mutated_valid_files_never_raise(which, data):
    content = bytearray(VALID[which])
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(content) - 1))
        content[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(content)))
    _check(screen(name="x.docx", content=bytes(content[:cut])))


@settings(max_examples=100, deadline=None)
@given(parts=st.dictionaries(st.sampled_from(["[Content_Types].xml", "word/document.xml", "OFD.xml", "_rels/.rels",
                                              "Doc_0/Pages/Page_0/Content.xml", "xl/sharedStrings.xml"]),
                             st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)), max_size=5))
def test_random_zip_packages_never_raise(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _check(screen(name="x.docx", content=out.getvalue()))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_random_xml_text_in_a_document_never_raises(text):
    from xml.sax.saxutils import escape

    _check(screen(name="x.docx", content=c.docx(c.p(escape(text)))))
