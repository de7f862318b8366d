"""OFD (GB/T 33190-2016) from WeasyPrint's laid-out pages: the same boxes, lines and glyph runs the PDF is drawn
from, written as OFD objects (boxes.py walks the layout, fonts.py embeds the faces, package.py writes the zip).

Knows no app: `html_to_ofd(html, css, images=…, info=…)`; `images(src) -> PNG bytes | None` turns an <img> the
writer cannot take as it is (an SVG) into a picture.
"""

from oa.rendering.ofd.writer import html_to_ofd, layout_to_ofd

__all__ = ["html_to_ofd", "layout_to_ofd"]
