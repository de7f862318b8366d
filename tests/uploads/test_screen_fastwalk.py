"""fastwalk (oa/uploads/screening/fastwalk.py) feeds StoryCollector the calls expat would: for every part the
quick pass classes PLAIN_MI, the collector ends with the same lines (text, place, header flag), the same text
flag and the same field findings as after expat's walk — and the verdicts are those of the walk."""

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oa.uploads.screening import extract, fastwalk
from oa.uploads.screening.collectors import Segment, StoryCollector
from oa.uploads.screening.quickscan import PLAIN_MI, WALK, story_part_kind
from tests.uploads import corpus as c
from tests.uploads.screening import blocked, screen
from tests.uploads.test_screen_quickscan import CASES, PLAIN, _document, _with_document

TRICKY = {
    "nested empty t inside t": '<w:p><w:r><w:t>机<w:t/>密★1年</w:t></w:r></w:p>',
    "text after a nested t's end": '<w:p><w:r><w:t>x<w:t>机</w:t>密★1年</w:t></w:r></w:p>',
    "other element inside t": '<w:p><w:r><w:t>机<x:y xmlns:x="urn:x">密</x:y>★1年</w:t></w:r></w:p>',
    "entities in text": '<w:p><w:r><w:t>&lt;机密&gt;&amp;★ &quot;秘密★1年&apos;</w:t></w:r></w:p>',
    "CRLF and CR in text": '<w:p><w:r><w:t>保密\r\n机密★\r1年</w:t></w:r></w:p>',
    "attributes holding > / and entities": ('<w:p><w:r><w:t w:x="a>b/c" w:y=\'q&amp;"\'>机密★1年</w:t></w:r></w:p>'
                                             '<w:p><w:r><w:sym w:font="Wingdings"   w:char = "F0AB" /></w:r></w:p>'),
    "end tags with spaces": '<w:p ><w:r><w:t >秘密</w:t ></w:r></w:p >',
    "default namespace": '<p xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><r><t>绝密★</t></r></p>',
    "other prefix for the same names": '<v:p xmlns:v="urn:v"><v:t>机密</v:t></v:p>',
    "local names that only start like story tags": '<w:p><w:tblPr/><w:tcW/><w:pPr><w:tabs/></w:pPr>'
                                                   '<w:r><w:t>保密</w:t><w:tabx/></w:r></w:p>',
    "table, first cell": c.table([["密级", "机密"], ["内容", "保密工作"]]),
    "text box": c.textbox(c.p("机密")),
    "tracked insertion and deletion": c.inserted("机密★1年") + '<w:p><w:del><w:r><w:delText>秘密★</w:delText></w:r></w:del></w:p>',
    "watermark and alt text": ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textpath '
                               'string="机密&#9;"/></v:shape></w:pict></w:r></w:p>').replace("&#9;", "\t")
                              + '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="x" descr="机\n密"/>'
                                '</wp:inline></w:drawing></w:r></w:p>',
    "tab, break, carriage return": '<w:p><w:r><w:t>机密</w:t><w:tab/><w:t>★</w:t><w:br/><w:t>1年保密</w:t><w:cr/></w:r></w:p>',
}


def _lines(archive, info, feed):
    collector = StoryCollector(Segment("正文"), "first")
    feed(archive, info, collector)
    collector.close()
    return collector.segment.lines, collector.found_text, collector.dangerous_fields


def _compare(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    kinds = set()
    for info in archive.infolist():
        if not info.filename.endswith(".xml") or "word/" not in info.filename:
            continue
        try:
            kind = story_part_kind(archive, info)
        except Exception:  # noqa: BLE001 — refused parts never reach a walk
            continue
        kinds.add(kind)
        if kind == PLAIN_MI:
            assert _lines(archive, info, fastwalk.walk) == _lines(archive, info, extract.parse_part), info.filename
    return PLAIN_MI if PLAIN_MI in kinds else WALK


@pytest.mark.parametrize("case", sorted(TRICKY))
def test_the_fast_walk_reads_what_expat_reads(case):
    content = _with_document(_document(TRICKY[case] + PLAIN).encode())
    assert _compare(content) == PLAIN_MI
    quick = screen(name="测试.docx", content=content)
    extract_quick = (quick.verdict, list(quick.reasons), quick.text_found)
    extract.QUICK_PASS = False
    try:
        walked = screen(name="测试.docx", content=content)
    finally:
        extract.QUICK_PASS = True
    assert extract_quick == (walked.verdict, list(walked.reasons), walked.text_found)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_quick_pass_cases_read_the_same(case):
    _compare(CASES[case])


def test_markings_in_plain_mi_parts_are_still_blocked():
    content = _with_document(_document(c.p("各单位要密切配合。") + TRICKY["nested empty t inside t"] + PLAIN).encode())
    blocked(screen(name="a.docx", content=content), "机密★1年")
    content = c.docx(c.p("各单位要保密。") + c.p("韶关市机") + c.p("密★6个月") + PLAIN)
    assert _compare(content) == PLAIN_MI
    blocked(screen(name="a.docx", content=content), "机密★6个月")


def test_pieces_cut_anywhere_read_the_same(monkeypatch):
    content = _with_document(_document("".join(TRICKY.values()) + PLAIN * 20).encode())
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo("word/document.xml")
    expected = _lines(archive, info, extract.parse_part)
    for size in (1, 2, 3, 7, 64, 1000):
        monkeypatch.setattr(fastwalk, "READ", size)
        assert _lines(archive, info, fastwalk.walk) == expected, size


RUN_TEXT = st.text(alphabet=st.sampled_from(list("机密秘绝★☆级：: 1年\t\r\n<>&\"'保x")), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(st.lists(RUN_TEXT, min_size=1, max_size=4), min_size=1, max_size=8),
       wrap=st.sampled_from(["", "table", "textbox", "inserted"]))
def test_random_paragraphs_read_the_same(paragraphs, wrap):
    body = "".join(c.p(*runs) for runs in paragraphs)
    if wrap == "table":
        body = c.table([[runs[0] for runs in paragraphs[:2]]]) + body
    elif wrap == "textbox":
        body = c.textbox(body)
    elif wrap == "inserted":
        body = c.inserted(paragraphs[0][0]) + body
    _compare(_with_document(_document("<w:p><w:r><w:t>保密</w:t></w:r></w:p>" + body).encode()))
