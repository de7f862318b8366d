"""The OFD package (GB/T 33190-2016 §7): OFD.xml → Doc_0/Document.xml → PublicRes.xml (fonts), DocumentRes.xml
(images), Pages/Page_N/Content.xml, Res/ (font and image files); namespace http://www.ofdspec.org/2016.
Units are mm; every object's coordinates are relative to its Boundary."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from oa.rendering.ofd.boxes import PagePrimitives, Picture, Rect, Run

NS = "http://www.ofdspec.org/2016"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entry times: the same input gives the same bytes


def n(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Ids:
    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass
class DocInfo:
    doc_id: str = ""
    title: str = ""
    author: str = ""
    subject: str = ""
    creation_date: str = ""  # YYYY-MM-DD
    creator: str = "OA"
    keywords: list[str] = field(default_factory=list)


def ofd_xml(info: DocInfo) -> str:
    parts = [f"<ofd:DocID>{escape(info.doc_id)}</ofd:DocID>" if info.doc_id else "",
             f"<ofd:Title>{escape(info.title)}</ofd:Title>" if info.title else "",
             f"<ofd:Author>{escape(info.author)}</ofd:Author>" if info.author else "",
             f"<ofd:Subject>{escape(info.subject)}</ofd:Subject>" if info.subject else "",
             f"<ofd:CreationDate>{escape(info.creation_date)}</ofd:CreationDate>" if info.creation_date else "",
             f"<ofd:Creator>{escape(info.creator)}</ofd:Creator>" if info.creator else ""]
    if info.keywords:
        parts.append("<ofd:Keywords>" + "".join(f"<ofd:Keyword>{escape(k)}</ofd:Keyword>" for k in info.keywords)
                     + "</ofd:Keywords>")
    return (f'{HEAD}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f'<ofd:DocInfo>{"".join(parts)}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>'
            '</ofd:DocBody></ofd:OFD>')


def document_xml(page_ids: list[int], max_id: int, size: tuple[float, float]) -> str:
    pages = "".join(f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i, pid in enumerate(page_ids))
    return (f'{HEAD}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{max_id}</ofd:MaxUnitID>'
            f'<ofd:PageArea><ofd:PhysicalBox>0 0 {n(size[0])} {n(size[1])}</ofd:PhysicalBox></ofd:PageArea>'
            '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>'
            f'</ofd:CommonData><ofd:Pages>{pages}</ofd:Pages></ofd:Document>')


def public_res_xml(fonts: list[tuple[int, object, str | None]]) -> str:
    """fonts: (ID, FontKey, file name in Res/ or None)."""
    rows = []
    for fid, key, file in fonts:
        flags = (' Bold="true"' if key.bold else "") + (' Italic="true"' if key.italic else "")
        inner = f"<ofd:FontFile>{escape(file)}</ofd:FontFile>" if file else ""
        rows.append(f'<ofd:Font ID="{fid}" FontName={quoteattr(key.family)} FamilyName={quoteattr(key.family)}'
                    f'{flags}>{inner}</ofd:Font>')
    return f'{HEAD}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{"".join(rows)}</ofd:Fonts></ofd:Res>'


def document_res_xml(images: list[tuple[int, str]]) -> str:
    rows = "".join(f'<ofd:MultiMedia ID="{iid}" Type="Image" Format="PNG"><ofd:MediaFile>{escape(file)}'
                   "</ofd:MediaFile></ofd:MultiMedia>" for iid, file in images)
    return f'{HEAD}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{rows}</ofd:MultiMedias></ofd:Res>'


def _color(rgb) -> str:
    return f'<ofd:FillColor Value="{rgb[0]} {rgb[1]} {rgb[2]}"/>'


def text_object(oid: int, run: Run, font_id: int) -> str:
    width = sum(run.advances)
    top = run.y - max(run.ascent_mm, run.size_mm)
    height = 1.5 * run.size_mm + max(run.ascent_mm, run.size_mm) - run.size_mm
    deltas = run.advances[:-1]
    delta = f' DeltaX="{" ".join(n(d) for d in deltas)}"' if deltas else ""
    return (f'<ofd:TextObject ID="{oid}" Boundary="{n(run.x)} {n(top)} {n(max(width, run.size_mm))} {n(height)}" '
            f'Font="{font_id}" Size="{n(run.size_mm)}">{_color(run.color)}'
            f'<ofd:TextCode X="0" Y="{n(run.y - top)}"{delta}>{escape(run.text)}</ofd:TextCode></ofd:TextObject>')


def path_object(oid: int, rect: Rect) -> str:
    w, h = rect.w, rect.h
    return (f'<ofd:PathObject ID="{oid}" Boundary="{n(rect.x)} {n(rect.y)} {n(w)} {n(h)}" Stroke="false" Fill="true">'
            f'{_color(rect.color)}<ofd:AbbreviatedData>M 0 0 L {n(w)} 0 L {n(w)} {n(h)} L 0 {n(h)} C'
            '</ofd:AbbreviatedData></ofd:PathObject>')


def image_object(oid: int, picture: Picture, resource: int) -> str:
    return (f'<ofd:ImageObject ID="{oid}" Boundary="{n(picture.x)} {n(picture.y)} {n(picture.w)} {n(picture.h)}" '
            f'CTM="{n(picture.w)} 0 0 {n(picture.h)} 0 0" ResourceID="{resource}"/>')


def content_xml(page: PagePrimitives, layer_id: int, objects: list[str]) -> str:
    return (f'{HEAD}<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {n(page.width)} {n(page.height)}'
            f'</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{layer_id}" Type="Body">{"".join(objects)}'
            '</ofd:Layer></ofd:Content></ofd:Page>')


def zip_package(entries: list[tuple[str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return out.getvalue()
