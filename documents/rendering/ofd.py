"""The red-header document as OFD (GB/T 33190-2016), written from the very layout the PDF is painted from:
the same HTML and CSS (documents.rendering.pdf), laid out once by WeasyPrint, then oa.rendering.ofd turns the
laid-out pages into OFD pages — organ mark, red rules, text, seal, 版记 and page numbers where the PDF has them.

The seal is an SVG in the HTML; in the OFD it is the PNG the DOCX uses (seal.seal_png), placed in the seal's
box. An uploaded PDF 附件's pages, which the PDF draws onto placeholder pages afterwards (annexes.py), are not
in the OFD: those pages carry only their page number (docs/rendering.md).
"""

from __future__ import annotations

from documents.rendering.pdf import rendered_html
from documents.rendering.seal import seal_data_url, seal_png
from oa.rendering.ofd import html_to_ofd
from oa.rendering.ofd.package import DocInfo


def _seal_images(p) -> dict[str, bytes]:
    """{the seal's data: URL in the HTML: its PNG} for every organ whose seal is printed."""
    if not p.sealed:
        return {}
    names = {p.seal_name}
    if p.joint is not None:
        names |= {placed.organ.name for placed in p.joint.signoff.placed}
    return {seal_data_url(name): seal_png(name) for name in names if name}


def doc_info(document, p) -> DocInfo:
    return DocInfo(
        doc_id=f"oa-document-{document.pk}",
        title=p.title,
        author=document.issuing_department.name,
        subject=p.doc_number,
        creation_date=document.written_date.isoformat() if document.written_date else "",
        creator="OA 公文系统",
        keywords=[k for k in (document.doc_type, p.doc_number) if k],
    )


def render_ofd(document, copy: int | None = None) -> bytes:
    """The OFD; `copy`: the 份号 of one printed copy, as for render_pdf. Also what the archive package calls."""
    p, html, css = rendered_html(document, copy)
    seals = _seal_images(p)
    return html_to_ofd(html, css, images=seals.get, info=doc_info(document, p), cache_stylesheet=True)
