"""A 件 package built from real PDFs, an image, a text 附件, a small OFD and a real ledger segment."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from PIL import Image

from oa.archives.package.build import ItemInput, build_item_package
from oa.archives.package.ledger import collect_segment
from oa.archives.package.metadata import ItemMetadata
from oa.audit.actions import registry
from oa.audit.services import ledger_record

PACKED_AT = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)


class Target:
    """Something the ledger records entries about (target_type "target")."""

    def __init__(self, pk, title):
        self.pk, self.title = pk, title

    def __str__(self):
        return self.title


def simple_pdf(*pages: str) -> bytes:
    """A small, valid PDF with one line of (ASCII) text a page, written by hand: quick to make and to read
    (WeasyPrint's CJK fonts would cost seconds a test on a shared machine)."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    for text in pages:
        stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture(scope="session")
def document_pdf():
    return simple_pdf("Notice on the trial run of the e-government system", "Page two of the notice")


@pytest.fixture(scope="session")
def trail_pdf():
    return simple_pdf("Cover sheet: approved by the head, 2026-11-03")


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def ofd_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
                         'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>a1</ofd:DocID>'
                         '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        archive.writestr("Doc_0/Document.xml", '<?xml version="1.0" encoding="UTF-8"?><ofd:Document '
                         'xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>'
                         '0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages/></ofd:Document>')
    return buffer.getvalue()


def metadata(**changes):
    values = dict(fonds="Z001", fonds_name="韶关市人民政府办公室", year=2026, retention="永久", organisation="BGS",
                  item_number=1, archival_code="Z001-WS·2026-Y-BGS-0001", record_id="documents.document:7",
                  title="关于开展电子政务应用系统试运行工作的通知", responsible="韶关市人民政府办公室",
                  date="20261103", kind="通知", pages=2, doc_number="韶府办〔2026〕12号", urgency="平件",
                  main_to="各局", copy_to="市信息中心")
    values.update(changes)
    return ItemMetadata(**values)


TRAIL = [{"at": "2026-11-02T09:00:00+08:00", "actor": "张三", "department": "市府办", "action": "拟稿", "opinion": ""},
         {"at": "2026-11-03T10:00:00+08:00", "actor": "王局长", "department": "市府办", "action": "签发", "opinion": "同意"}]


@pytest.fixture(autouse=True)
def _test_actions():
    with registry.scratch():
        registry.group("test", "测试")
        for i in range(1, 5):
            registry.add(f"test.event{i}", f"测试事件 {i}")
        yield


@pytest.fixture
def segment(db):
    target = Target(7, "关于开展电子政务应用系统试运行工作的通知")
    ledger_record(action="test.event1", target=target, data={"step": "拟稿"})
    ledger_record(action="test.event2", data={"other": "另一份文件"})
    ledger_record(action="test.event3", target=target, data={"step": "签发"})
    ledger_record(action="test.event4", data={"other": "又一份"})
    return collect_segment(targets=[("target", "7")])


@pytest.fixture
def item_input(document_pdf, trail_pdf, segment):
    return ItemInput(metadata=metadata(), document_pdf=document_pdf, trail_pdf=trail_pdf, trail=TRAIL,
                     ledger_segment=segment,
                     attachments=[("附件1 试运行单位名单.txt", "市委办\n市府办\n档案局\n".encode(), "text/plain"),
                                  ("附件2 示意图.png", png_bytes(), "image/png")],
                     renditions=[("关于开展试运行工作的通知.ofd", ofd_bytes(), "application/ofd")])


@pytest.fixture
def package(item_input):
    return build_item_package(item_input, packed_at=PACKED_AT)


def rezip(content: bytes, *, change=None, remove=(), add=None) -> bytes:
    """The same package with parts changed (new bytes, CRC right), removed or added."""
    change, add = change or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            if info.filename in remove:
                continue
            archive.writestr(info, change.get(info.filename, source.read(info.filename)))
        for name, data in add.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]
