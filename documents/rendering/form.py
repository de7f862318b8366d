"""The printed office forms (公文处理单): the 收文处理笺 and the 发文稿纸 — a title, a line above the
table, and one bordered table of label and value cells, where a value cell may hold opinions (意见,
批示) each with its writer's name, date and handwriting. One description (`Form`) is drawn two
ways: as PDF here (WeasyPrint through oa.rendering.pdf, the fonts of oa.rendering.fonts) and as
DOCX in documents.rendering.form_docx. Several forms make one file, each on its own page.

What goes into a form is the business of its builder: documents.rendering.draft_sheet (发文稿纸)
and documents.incoming.sheet (收文处理笺).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from documents.rendering.layout import cn_date
from oa.rendering import fonts
from oa.rendering.pdf import html_to_pdf

TEMPLATE = "documents/render/form.html"
STYLESHEET = "documents/render/form.css"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
NOT_CLASSIFIED = "非密"  # classified documents never go online (涉密不上网), so every sheet says so
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_SIDE_MM = 15, 15, 20
TABLE_W_MM = PAGE_W_MM - 2 * MARGIN_SIDE_MM


def day(value) -> str:
    """A date or an aware datetime as 2026年11月3日 (the administration's local day); '' for none."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return cn_date(value)


def png_or_none(value) -> bytes | None:
    """Stored handwriting (a BinaryField: bytes or memoryview) when it is a PNG, else None."""
    if value is None:
        return None
    data = bytes(value)
    return data if data.startswith(PNG_MAGIC) else None


@dataclass(frozen=True)
class Opinion:
    """One 意见 or 批示 inside a cell: the words, then a line with the handwriting, name and date."""

    text: str
    name: str = ""
    date: str = ""
    signature: bytes | None = None
    note: str = ""  # e.g. 传阅批示, 代签

    @property
    def signature_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.signature).decode() if self.signature else ""


@dataclass(frozen=True)
class Cell:
    text: str = ""
    label: bool = False
    span: int = 1
    opinions: tuple[Opinion, ...] = ()
    empty: str = ""  # shown lightly when the cell has neither text nor opinions (e.g. "（无）")

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines() if self.text else []


def label(text: str) -> Cell:
    return Cell(text, label=True)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    min_height_mm: float = 0.0  # a tall row leaves room to write by hand


@dataclass
class Form:
    unit: str  # 单位名称, printed before the form's name
    name: str  # 收文处理笺, 发文稿纸
    widths_mm: tuple[float, ...]  # the table's columns, summing to TABLE_W_MM
    rows: list[Row] = field(default_factory=list)
    above_left: str = ""
    above_right: str = ""
    below: str = ""

    @property
    def title(self) -> str:
        return f"{self.unit}{self.name}"

    @property
    def title_pt(self) -> float:
        """22 pt (二号) unless the unit's name is long: the title stays on one line."""
        return min(22.0, max(14.0, TABLE_W_MM * 2.835 / max(1, len(self.title) + 1)))

    def check(self) -> Form:
        columns = len(self.widths_mm)
        for row in self.rows:
            assert sum(cell.span for cell in row.cells) == columns, (self.name, row)
        return self


def render_html(forms: list[Form]) -> tuple[str, str]:
    context = {"forms": [form.check() for form in forms], "font_css": mark_safe(fonts.role_css())}
    css = render_to_string(STYLESHEET, {"margin_top": MARGIN_TOP_MM, "margin_bottom": MARGIN_BOTTOM_MM,
                                        "margin_side": MARGIN_SIDE_MM})
    return render_to_string(TEMPLATE, context), css


def render_pdf(forms: list[Form]) -> bytes:
    html, css = render_html(forms)
    return html_to_pdf(html, css, cache_stylesheet=True)
