"""The usage report as an official-style document (“XX单位关于应用系统试运行情况的用户使用报告”):
one content dict shared by the PDF (oa.rendering: WeasyPrint with the project's fonts and safe
fetcher, as the red-header document and the usage bulletin) and the DOCX (the red-header
document's base document and font helpers)."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from oa.rendering import fonts
from oa.rendering.pdf import html_to_pdf
from oa.trial.services.figures import LABELS, department_figures_empty

RECIPIENT = "市信息中心"
PERCENT = ("compliance", "attendance")


def date_cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def figure_text(key: str, value) -> str:
    if value is None:
        return "—"
    return f"{value}%" if key in PERCENT else str(value)


def content(report) -> dict:
    """The words and the figures table of a report that has been approved (已报送 or 已归档)."""
    department = report.department
    programme = report.programme
    figures = {**department_figures_empty(), **(report.figures or {})}
    approved_on = timezone.localtime(report.filed_at).date() if report.filed_at else timezone.localdate()
    leader = report.filed_by
    return {
        "title": f"{department.name}关于应用系统试运行情况的用户使用报告",
        "department": department.name,
        "recipient": RECIPIENT,
        "period": f"{date_cn(programme.start_date)}至{date_cn(programme.end_date)}",
        "programme": programme.name,
        "rows": [(label, figure_text(key, figures.get(key))) for key, label in LABELS.items()],
        "sections": [("一、使用情况", report.usage), ("二、存在问题", report.problems), ("三、意见建议", report.suggestions)],
        "leader": (leader.name if leader else ""),
        "leader_position": (getattr(leader, "position", "") or "") if leader else "",
        "approved_on": date_cn(approved_on),
    }


def render_pdf(c: dict) -> bytes:
    html = render_to_string("trial/print/report.html", {"c": c, "font_css": mark_safe(fonts.role_css())})
    return html_to_pdf(html, render_to_string("trial/print/report.css", {}))


def render_docx(c: dict) -> bytes:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from documents.rendering.docx_page import add_paragraph, blank_document, run_font

    out = blank_document()
    add_paragraph(out, c["title"], role="xiaobiaosong", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, line=33)
    add_paragraph(out, "")
    add_paragraph(out, f"{c['recipient']}：", align=WD_ALIGN_PARAGRAPH.LEFT)
    add_paragraph(out, f"根据{c['programme']}（{c['period']}）的安排，现将本单位试运行期间的使用情况报告如下。",
                  first_line=32)
    add_paragraph(out, "试运行数据", role="heiti", first_line=32)
    table = out.add_table(rows=1, cols=2)
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("项目", "数据"), strict=True):
        run_font(cell.paragraphs[0].add_run(text), "heiti", 12, spacing=0)
    for label, value in c["rows"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, (label, value), strict=True):
            cell.paragraphs[0].paragraph_format.first_line_indent = Pt(0)
            cell.paragraphs[0].paragraph_format.line_spacing = Pt(18)
            run_font(cell.paragraphs[0].add_run(text), "fangsong", 12, spacing=0)
    for heading, text in c["sections"]:
        add_paragraph(out, heading, role="heiti", first_line=32)
        for line in (text or "").splitlines() or [""]:
            if line.strip():
                add_paragraph(out, line.strip(), first_line=32)
    add_paragraph(out, "")
    add_paragraph(out, c["department"], align=WD_ALIGN_PARAGRAPH.RIGHT, right=32)
    add_paragraph(out, f"审核领导：{c['leader']}", align=WD_ALIGN_PARAGRAPH.RIGHT, right=32)
    add_paragraph(out, c["approved_on"], align=WD_ALIGN_PARAGRAPH.RIGHT, right=32)
    core = out.core_properties
    core.title = c["title"]
    core.author = c["department"]
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
