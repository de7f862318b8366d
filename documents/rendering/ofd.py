"""The red-header document as OFD (GB/T 33190-2016), written from the very layout the PDF is painted from:
the same HTML and CSS (documents.rendering.pdf), laid out once by WeasyPrint, then oa.rendering.ofd turns the
laid-out pages into OFD pages — organ mark, red rules, text, seal, 版记 and page numbers where the PDF has them.

The seal is an SVG in the HTML; in the OFD it is the PNG the DOCX uses (seal.seal_png), placed in the seal's
box. An uploaded PDF 附件's pages, which the PDF draws onto placeholder pages afterwards (annexes.merge_pdf_pages),
are pictures here (pdftoppm, 150 dpi), scaled into the type area the same way; without pdftoppm those pages
carry only their page number.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from documents.rendering import layout as L
from documents.rendering.pdf import rendered_html
from documents.rendering.seal import seal_data_url, seal_png
from oa.rendering.ofd import layout_to_ofd
from oa.rendering.ofd.boxes import Picture
from oa.rendering.ofd.package import DocInfo
from oa.rendering.pdf import laid_out

ANNEX_DPI = 150


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


def _pdf_pages_png(pdf: bytes, count: int) -> list[bytes]:
    """The first `count` pages of `pdf` as PNG (pdftoppm), or [] when pdftoppm is missing or fails."""
    if not shutil.which("pdftoppm"):
        return []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "annex.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run(["pdftoppm", "-r", str(ANNEX_DPI), "-png", "-f", "1", "-l", str(count), str(source),
                            str(Path(folder) / "page")], check=True, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return []
        return [path.read_bytes() for path in sorted(Path(folder).glob("page-*.png"), key=lambda f: int(f.stem[5:]))]


def _fitted(png: bytes) -> Picture:
    """The picture scaled into the type area and centred in it, as merge_pdf_pages places a PDF page."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        w, h = image.size
    scale = min(L.TYPE_W_MM / w, L.TYPE_H_MM / h)
    x = L.MARGIN_LEFT_MM + (L.TYPE_W_MM - w * scale) / 2
    y = L.MARGIN_TOP_MM + (L.TYPE_H_MM - h * scale) / 2
    return Picture(x, y, w * scale, h * scale, png)


def annex_overlays(p, laid) -> dict[int, list[Picture]]:
    """{page index: [the uploaded PDF page drawn on it]} for every 附件 that is an uploaded PDF."""
    places = {name: index for index, page in enumerate(laid.pages) for name in page.anchors}
    overlays: dict[int, list[Picture]] = {}
    for annex in p.annexes:
        if not annex.pdf_pages:
            continue
        for anchor, png in zip(annex.anchors, _pdf_pages_png(annex.pdf, annex.pdf_pages), strict=False):
            if anchor in places:
                overlays.setdefault(places[anchor], []).append(_fitted(png))
    return overlays


def render_ofd(document, copy: int | None = None) -> bytes:
    """The OFD; `copy`: the 份号 of one printed copy, as for render_pdf. Also what the archive package calls."""
    p, html, css = rendered_html(document, copy)
    seals = _seal_images(p)
    laid = laid_out(html, css, cache_stylesheet=True)
    return layout_to_ofd(laid, images=seals.get, info=doc_info(document, p), overlays=annex_overlays(p, laid))
