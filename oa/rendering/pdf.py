"""HTML and CSS to PDF with WeasyPrint, reading nothing but what oa.rendering.fetcher allows.

The FontConfiguration is kept per thread and per licensed-font folder state: building it and
loading CJK fonts is most of the cost of a first render, and reusing it keeps a 3-page render well
under 300 ms (with libharfbuzz-subset installed — see oa.rendering.checks).
"""

from __future__ import annotations

import threading

from oa.rendering import fonts

_local = threading.local()


def font_config():
    """A FontConfiguration for this thread, rebuilt when the licensed-font folder changes."""
    from weasyprint.text.fonts import FontConfiguration

    key = fonts.font_dir_signature()
    cached = getattr(_local, "font_config", None)
    if cached is None or cached[0] != key:
        cached = (key, FontConfiguration())
        _local.font_config = cached
    return cached[1]


def _parse(css: str, config):
    from weasyprint import CSS

    from oa.rendering.fetcher import BASE_URL, SafeURLFetcher

    return CSS(string=css, base_url=BASE_URL, url_fetcher=SafeURLFetcher(), font_config=config)


def stylesheet(css: str, config):
    """The parsed stylesheet, cached per thread: parsing one costs ~15 ms a render, and a renderer whose
    CSS changes only with the licensed fonts and a few numbers sees the same few again and again."""
    cache = getattr(_local, "stylesheets", None)
    if cache is None or cache[0] is not config:
        cache = (config, {})
        _local.stylesheets = cache
    parsed = cache[1].get(css)
    if parsed is None:
        if len(cache[1]) > 16:
            cache[1].clear()
        parsed = _parse(css, config)
        cache[1][css] = parsed
    return parsed


def laid_out(html: str, css: str, *, cache_stylesheet: bool = False):
    """The laid-out weasyprint Document of `html` styled by `css` (thread's fonts, safe fetcher): what the PDF
    is painted from, and what oa.rendering.ofd writes the OFD from."""
    from weasyprint import HTML

    from oa.rendering.fetcher import BASE_URL, SafeURLFetcher

    config = font_config()
    sheet = stylesheet(css, config) if cache_stylesheet else _parse(css, config)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=SafeURLFetcher()).render(
        stylesheets=[sheet], font_config=config)


def html_to_pdf(html: str, css: str, *, cache_stylesheet: bool = False) -> bytes:
    """The PDF of `html` styled by `css`, with the thread's fonts and the safe fetcher; no identifier
    and no metadata beyond the document's own, so the same input gives the same bytes."""
    return laid_out(html, css, cache_stylesheet=cache_stylesheet).write_pdf(pdf_identifier=None, custom_metadata=False)


def html_to_pdf_with_anchors(html: str, css: str, *, prefix: str,
                             cache_stylesheet: bool = False) -> tuple[bytes, dict[str, tuple[int, float, float]]]:
    """As html_to_pdf, and where the elements whose id starts with `prefix` landed:
    {id: (page index, x, y)} with x, y the element's top left in PDF points from the page's top left."""
    document = laid_out(html, css, cache_stylesheet=cache_stylesheet)
    found = {}
    for index, page in enumerate(document.pages):
        for name, (x, y, *_) in page.anchors.items():
            if name.startswith(prefix) and name not in found:
                found[name] = (index, x * 0.75, y * 0.75)  # CSS px → pt
    pdf = document.write_pdf(pdf_identifier=None, custom_metadata=False)
    return pdf, found
