"""Laid-out WeasyPrint pages → OFD bytes (see package.py for the parts)."""

from __future__ import annotations

import hashlib

from oa.rendering.ofd import package as P
from oa.rendering.ofd.boxes import Picture, Rect, Run, page_primitives
from oa.rendering.ofd.fonts import FontSet


def layout_to_ofd(document, *, images=None, info: P.DocInfo | None = None, embed_fonts: bool = True,
                  overlays: dict[int, list[Picture]] | None = None) -> bytes:
    """`document`: a weasyprint Document (HTML(...).render()); `images(src) -> PNG | None` for images that are
    not raster (SVG); `info`: the DocInfo of OFD.xml; `overlays`: pictures drawn over given pages (by index)."""
    fonts = FontSet()
    pages = [page_primitives(page, fonts, images) for page in document.pages]
    for index, pictures in (overlays or {}).items():
        pages[index].items.extend(pictures)
    ids = P.Ids()
    font_ids: dict[object, int] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Run) and item.font not in font_ids:
                font_ids[item.font] = ids.next()
    entries: list[tuple[str, bytes | str]] = []
    font_rows = []
    for key, fid in font_ids.items():
        embedded = fonts.subset(key) if embed_fonts else None
        file = None
        if embedded:
            file = f"font_{fid}.{embedded[1]}"
            entries.append((f"Doc_0/Res/{file}", embedded[0]))
        font_rows.append((fid, key, file))
    image_ids: dict[bytes, int] = {}  # one resource per distinct picture (by its bytes' digest)
    image_rows = []
    page_ids = []
    contents = []
    for page in pages:
        page_ids.append(ids.next())
        layer = ids.next()
        objects = []
        for item in page.items:
            oid = ids.next()
            if isinstance(item, Run):
                objects.append(P.text_object(oid, item, font_ids[item.font]))
            elif isinstance(item, Rect):
                objects.append(P.path_object(oid, item))
            elif isinstance(item, Picture):
                digest = hashlib.sha256(item.png).digest()
                if digest not in image_ids:
                    image_ids[digest] = ids.next()
                    file = f"image_{image_ids[digest]}.png"
                    image_rows.append((image_ids[digest], file))
                    entries.append((f"Doc_0/Res/{file}", item.png))
                objects.append(P.image_object(oid, item, image_ids[digest]))
        contents.append(P.content_xml(page, layer, objects))
    size = (pages[0].width, pages[0].height) if pages else (210.0, 297.0)
    head = [
        ("OFD.xml", P.ofd_xml(info or P.DocInfo())),
        ("Doc_0/Document.xml", P.document_xml(page_ids, ids.last, size)),
        ("Doc_0/PublicRes.xml", P.public_res_xml(font_rows)),
        ("Doc_0/DocumentRes.xml", P.document_res_xml(image_rows)),
    ]
    head += [(f"Doc_0/Pages/Page_{i}/Content.xml", content) for i, content in enumerate(contents)]
    return P.zip_package(head + entries)


def html_to_ofd(html: str, css: str, *, images=None, info: P.DocInfo | None = None,
                cache_stylesheet: bool = False) -> bytes:
    """The OFD of `html` styled by `css`, laid out exactly as oa.rendering.pdf.html_to_pdf lays it out."""
    from oa.rendering.pdf import laid_out

    return layout_to_ofd(laid_out(html, css, cache_stylesheet=cache_stylesheet), images=images, info=info)
