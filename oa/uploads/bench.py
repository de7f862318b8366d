"""`python manage.py bench uploads`: how long the gate takes on big files, and how much memory.

- a generated 10 MB DOCX, text-heavy: ~33 MB of WordprocessingML (paragraphs of three runs,
  tables), the worst realistic case for the XML walk — a typical 10 MB DOCX is mostly images;
- the same with 密切/保密 in its text: no quick pass (screening/quickscan.py), the collector walks it;
- the same size made of ~60 pages of text and photographs (images are counted, not decoded);
- a 100-page PDF at GB/T 9704 density (22 lines × 28 characters, CJK font, rendered by WeasyPrint).
Targets: ≤ 1 s for the DOCX, ≤ 2 s for the PDF. Peak memory from tracemalloc (Python allocations).
"""

from __future__ import annotations

import io
import logging
import random
import statistics
import time
import tracemalloc
import zipfile
from xml.sax.saxutils import escape

from oa.uploads.limits import current_limits
from oa.uploads.screening.verdict import screen

DOCX_TARGET_BYTES = 10_000_000
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _words(rng: random.Random, extra: tuple[str, ...] = ()) -> list[str]:
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
    return ["".join(rng.choices(chars, k=rng.randint(2, 4))) for _ in range(3000)] + list(extra)


def _sentence(rng, words) -> str:
    return "".join(rng.choices(words, k=rng.randint(8, 20))) + rng.choice("，。；")


def _paragraph(rng, words) -> str:
    runs = [_sentence(rng, words), _sentence(rng, words), _sentence(rng, words) + _sentence(rng, words)]
    return ("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>"
            + "".join(f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/>{"<w:b/>" if n == 1 else ""}<w:sz w:val="32"/></w:rPr>'
                      f"<w:t>{escape(text)}</w:t></w:r>" for n, text in enumerate(runs)) + "</w:p>")


def _package(document_xml: str, media: list[bytes]) -> bytes:
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Default Extension="jpeg" ContentType="image/jpeg"/>'
             '<Override PartName="/word/document.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document_xml)
        for n, image in enumerate(media):
            archive.writestr(f"word/media/image{n}.jpeg", image, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def text_heavy_docx(target: int = DOCX_TARGET_BYTES, seed: int = 5, extra_words: tuple[str, ...] = ()) -> bytes:
    rng = random.Random(seed)
    words = _words(rng, extra_words)
    table = "<w:tbl>" + "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(_sentence(rng, words))}</w:t></w:r></w:p></w:tc>" for _ in range(4))
        + "</w:tr>" for _ in range(20)) + "</w:tbl>"
    chunk = "".join(_paragraph(rng, words) for _ in range(2000)) + table
    # Measure how well one chunk compresses, then repeat fresh chunks until the target is reached.
    per_chunk = len(_package(f"<w:document {W}><w:body>{chunk}</w:body></w:document>", []))
    chunks = [chunk] + ["".join(_paragraph(rng, words) for _ in range(2000)) + table
                        for _ in range(max(0, round(target / per_chunk) - 1))]
    return _package(f"<w:document {W}><w:body>{''.join(chunks)}</w:body></w:document>", [])


def image_heavy_docx(target: int = DOCX_TARGET_BYTES, seed: int = 6) -> bytes:
    rng = random.Random(seed)
    words = _words(rng)
    body = "".join(_paragraph(rng, words) for _ in range(600))
    photo = b"\xff\xd8\xff\xe0" + rng.randbytes(400_000)
    base = len(_package(f"<w:document {W}><w:body>{body}</w:body></w:document>", []))
    return _package(f"<w:document {W}><w:body>{body}</w:body></w:document>", [photo] * max(1, (target - base) // len(photo)))


def hundred_page_pdf(pages: int = 100, seed: int = 7) -> bytes:
    from weasyprint import HTML

    rng = random.Random(seed)
    words = _words(rng)
    # GB/T 9704: 22 lines × 28 characters of 16 pt 仿宋 in a 156 × 225 mm type area.
    css = ("@page { size: A4; margin: 37mm 26mm 35mm 28mm } "
           "body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 28.9pt } "
           "p { margin: 0 } .page { break-after: page }")
    # 20 full lines of 26 characters a page (the type area holds 28; a little room keeps one line each).
    html = "".join(
        '<div class="page">' + "".join(f"<p>{escape(''.join(rng.choices(words, k=15))[:26])}</p>" for _ in range(20))
        + "</div>" for _ in range(pages))
    progress = logging.getLogger("weasyprint")
    level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        return HTML(string=f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{html}</body></html>").write_pdf()
    finally:
        progress.setLevel(level)


def _measure(name: str, content: bytes, runs: int) -> dict:
    limits = current_limits()
    screen(name=name, content=content, limits=limits)  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = screen(name=name, content=content, limits=limits)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    screen(name=name, content=content, limits=limits)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "bytes": len(content),
        "verdict": str(result.verdict),
        "p50_s": round(statistics.median(times), 3),
        "max_s": round(max(times), 3),
        "peak_memory_mb": round(peak / 1024 / 1024, 1),
    }


def bench_uploads(runs: int) -> dict:
    runs = max(1, min(runs, 10))  # each scan takes up to a second; 10 are plenty
    started = time.perf_counter()
    text_docx = text_heavy_docx()
    # The same with 密切 and 保密 in the running text (one word in 1,500): every story part then holds a
    # 密, so the quick pass (screening/quickscan.py) hands it to the full walk.
    mi_docx = text_heavy_docx(extra_words=("密切", "保密"))
    image_docx = image_heavy_docx()
    pdf = hundred_page_pdf()
    generated = time.perf_counter() - started
    from pypdf import PdfReader

    pdf_pages = len(PdfReader(io.BytesIO(pdf)).pages)
    with zipfile.ZipFile(io.BytesIO(text_docx)) as archive:
        xml_bytes = archive.getinfo("word/document.xml").file_size
    return {
        "generation_s": round(generated, 1),
        "docx_10mb_text_heavy": {**_measure("基准.docx", text_docx, runs), "document_xml_bytes": xml_bytes, "target_s": 1.0},
        "docx_10mb_text_heavy_with_mi": {**_measure("基准含密字.docx", mi_docx, runs), "target_s": 1.0},
        "docx_10mb_with_images": {**_measure("基准图文.docx", image_docx, runs), "target_s": 1.0},
        "pdf_100_pages": {**_measure("基准.pdf", pdf, runs), "pages": pdf_pages, "target_s": 2.0},
    }
