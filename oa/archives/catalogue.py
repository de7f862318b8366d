"""归档文件目录 (DA/T 22-2015 §7.2 and 附录): one 年度 and 保管期限 of a 全宗, in 件号 order — the same rows for the
page, the XLSX (oa.core.xlsx) and the PDF (oa.rendering)."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from oa.archives.choices import Retention
from oa.core.xlsx import Sheet, xlsx_response

HEADER = ["序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注"]
WIDTHS = {0: 6, 1: 26, 2: 18, 3: 22, 4: 48, 5: 10, 6: 6, 7: 6, 8: 16}


@dataclass(frozen=True)
class Row:
    number: int
    code: str
    doc_number: str
    responsible: str
    title: str
    date: str  # YYYYMMDD, as the 目录 writes it
    pages: int
    secrecy: str
    remark: str
    item_id: int = 0  # the 件's page, linked from the 档号 on the web page (not a column of the 目录)

    def cells(self) -> list:
        return [self.number, self.code, self.doc_number, self.responsible, self.title, self.date, self.pages,
                self.secrecy, self.remark]


@dataclass(frozen=True)
class Catalogue:
    department: str
    fonds: str
    year: int
    retention: str
    rows: list[Row]

    @property
    def retention_label(self) -> str:
        return Retention(self.retention).label if self.retention in Retention.values else self.retention

    @property
    def title(self) -> str:
        return f"归档文件目录（{self.year}年度·{self.retention_label}）"

    @property
    def filename(self) -> str:
        return f"归档文件目录-{self.fonds or self.department}-{self.year}-{self.retention}"


def catalogue(person, *, year: int, retention: str) -> Catalogue:
    from django.http import Http404

    from oa.archives.selectors import catalogue_items

    if not 1000 <= year <= 9999:
        raise Http404
    items = list(catalogue_items(person, year=year, retention=retention))
    rows = [Row(number=index, code=item.code, doc_number=item.doc_number, responsible=item.responsible,
                title=item.title, date=item.date.strftime("%Y%m%d"), pages=item.pages, secrecy=item.secrecy,
                remark=item.remark, item_id=item.pk) for index, item in enumerate(items, start=1)]
    department = person.department
    fonds = items[0].fonds_code if items else getattr(getattr(department, "fonds", None), "code", "")
    return Catalogue(department=department.name, fonds=fonds, year=year, retention=retention, rows=rows)


def catalogue_xlsx(book: Catalogue):
    return xlsx_response(book.filename, [Sheet(book.title, HEADER, rows=[row.cells() for row in book.rows],
                                               widths=WIDTHS)])


def catalogue_pdf(book: Catalogue) -> bytes:
    from oa.rendering import fonts
    from oa.rendering.pdf import html_to_pdf

    html = render_to_string("archives/catalogue_print.html", {"book": book, "header": HEADER})
    css = fonts.role_css() + render_to_string("archives/catalogue_print.css")
    return html_to_pdf(html, css, cache_stylesheet=True)
