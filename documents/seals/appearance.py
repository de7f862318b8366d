"""The signature's appearance: the seal drawing of documents.rendering.seal, as a one-page PDF the size of
the seal (vector, WeasyPrint), imported by pyHanko into the signature widget. The seal on a signed PDF is
therefore the signature's own appearance: it stands where the drawn seal stood, and goes with it."""

from __future__ import annotations

import binascii
import functools
import io
import uuid

from pyhanko.pdf_utils.content import ImportedPdfPage
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader

from documents.rendering.seal import SEAL_MM, seal_data_url
from oa.rendering.pdf import html_to_pdf


@functools.lru_cache(maxsize=64)
def seal_pdf(name: str) -> bytes:
    html = f'<img src="{seal_data_url(name)}" alt="">'
    css = f"@page {{ size: {SEAL_MM}mm {SEAL_MM}mm; margin: 0 }} html, body {{ margin: 0 }} img {{ display: block; width: {SEAL_MM}mm; height: {SEAL_MM}mm }}"
    return html_to_pdf(html, css)


class SealPage(ImportedPdfPage):
    """ImportedPdfPage from bytes rather than a file name."""

    def __init__(self, data: bytes):
        self.data = data
        super().__init__(file_name="", page_ix=0)

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data), strict=False), page_ix=0)
        resource_name = b"/Seal" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[resource_name.decode("ascii")] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return resource_name + b" Do"


def seal_stamp_style(name: str):
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(background=SealPage(seal_pdf(name)), border_width=0, background_opacity=1.0)
