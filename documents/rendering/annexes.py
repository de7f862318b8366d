"""附件 pages (GB/T 9704 §7.3.7, §8): what follows the 正文 and comes before the 版记.

Each line of the 附件说明 is one 附件, printed on a new page: `附件` with its number (`附件1`, `附件2` …;
`附件` alone when there is one) in 3号黑体 at the top left, its title centred like a document title.
An uploaded file (documents.models.Attachment, through the classification gate) is matched to its
line by name (`试运行单位名单.pdf` to the line `试运行单位名单`), else in order; files no line names
are 附件 of their own, titled by their file name. What a file brings:

- a PDF: its pages follow the title page, each scaled into the type area of a numbered page
  (pypdf, `merge_pdf_pages`), at most MAX_PDF_PAGES of them;
- a DOCX: its text, headings and tables (documents.docx_import) under the title, in the body's style;
- anything else, or a file that cannot be read: the title page alone.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from documents.body import Block, parse_body

logger = logging.getLogger(__name__)

MAX_PDF_PAGES = 100  # per 附件: beyond this the printed copy says how many pages were left out
MAX_FILE_BYTES = 20 * 1024 * 1024  # a file this large is not opened for printing (title page only)
ANCHOR = "oa-annex-{annex}-page-{page}"  # the id of a placeholder page, a named destination in the PDF


@dataclass
class Annex:
    label: str  # 附件1 (附件 when there is only one)
    title: str
    file_name: str = ""
    pdf: bytes = b""  # the uploaded PDF, when there is one
    pdf_pages: int = 0  # how many of its pages are printed
    pdf_pages_left_out: int = 0
    blocks: list[Block] = field(default_factory=list)  # a DOCX's text

    @property
    def anchors(self) -> list[str]:
        return [ANCHOR.format(annex=self.label, page=i) for i in range(self.pdf_pages)]


def _key(text: str) -> str:
    return re.sub(r"[\s《》“”\"'()（）]", "", text).lower()


def _pair(titles: list[str], files: list) -> list[tuple[str, object | None]]:
    """(title, file or None) per 附件: a file whose name (without extension) is a line's title goes
    with that line; the others fill the lines left, in order; files left over come last."""
    by_name = {}
    for f in files:
        by_name.setdefault(_key(PurePath(f.name).stem), f)
    chosen: list[object | None] = []
    used = set()
    for title in titles:
        f = by_name.get(_key(title))
        if f is not None and id(f) not in used:
            used.add(id(f))
            chosen.append(f)
        else:
            chosen.append(None)
    rest = iter([f for f in files if id(f) not in used])
    pairs = []
    for title, f in zip(titles, chosen, strict=True):
        pairs.append((title, f if f is not None else next(rest, None)))
    pairs += [(PurePath(f.name).stem, f) for f in rest]
    return pairs


def _read(attachment) -> bytes:
    if attachment.size > MAX_FILE_BYTES:
        return b""
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except OSError:  # the bytes are gone from storage: print the title page alone
        logger.warning("attachment %s could not be read for printing", attachment.pk)
        return b""


def _pdf_page_count(content: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            return 0
        return len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return 0


def _docx_blocks(content: bytes) -> list[Block]:
    from documents.docx_import import docx_to_body

    try:
        return parse_body(docx_to_body(content))
    except ValueError:
        return []


def annexes(document, titles: list[str]) -> list[Annex]:
    """The 附件 of the document, from the 附件说明 lines `titles` and its uploaded files (one query)."""
    files = list(document.attachments.all()) if document.pk else []
    pairs = _pair(titles, files)
    found = []
    for n, (title, attachment) in enumerate(pairs, start=1):
        annex = Annex(label="附件" if len(pairs) == 1 else f"附件{n}", title=title)
        if attachment is not None:
            annex.file_name = attachment.name
            suffix = PurePath(attachment.name).suffix.lower()
            if suffix in (".pdf", ".docx"):
                content = _read(attachment)
                if content.startswith(b"%PDF"):
                    count = _pdf_page_count(content)
                    if count:
                        annex.pdf = content
                        annex.pdf_pages = min(count, MAX_PDF_PAGES)
                        annex.pdf_pages_left_out = count - annex.pdf_pages
                elif content.startswith(b"PK"):
                    annex.blocks = _docx_blocks(content)
        found.append(annex)
    return found


def merge_pdf_pages(rendered: bytes, annexes: list[Annex], *, area_mm: tuple[float, float, float, float]) -> bytes:
    """Put each uploaded PDF's pages onto the placeholder pages WeasyPrint laid out for them (found by
    their named destinations), scaled to fit the type area `area_mm` = (left, top, width, height) and
    centred in it; the placeholders keep their page numbers."""
    from pypdf import PdfReader, PdfWriter, Transformation

    wanted = [annex for annex in annexes if annex.pdf_pages]
    if not wanted:
        return rendered
    reader = PdfReader(io.BytesIO(rendered))
    places = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    writer = PdfWriter(clone_from=reader)
    pt = 72 / 25.4
    left, top, width, height = (v * pt for v in area_mm)
    for annex in wanted:
        source = PdfWriter(clone_from=PdfReader(io.BytesIO(annex.pdf)))  # a writer's pages may be turned
        for i, anchor in enumerate(annex.anchors):
            target_index = places.get(anchor)
            if target_index is None:
                continue
            target = writer.pages[target_index]
            page = source.pages[i]
            page.transfer_rotation_to_content()
            box = page.cropbox
            w, h = float(box.width), float(box.height)
            scale = min(width / w, height / h)
            page_height = float(target.mediabox.height)
            x = left + (width - w * scale) / 2
            y = page_height - top - height + (height - h * scale) / 2
            transform = Transformation().translate(-float(box.left), -float(box.bottom)).scale(scale).translate(x, y)
            target.merge_transformed_page(page, transform)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
