"""The bulletin's words and tables (shared by the PDF and the DOCX), and the two renderings."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from oa.rendering.fonts import role_css
from oa.rendering.pdf import html_to_pdf
from oa.usage.figures import display
from oa.usage.periods import Period

RANKING_COLUMNS = (  # (code, header) as printed in the ranking table
    ("active", "登录人数"), ("logins", "登录次数"), ("sent", "发文"), ("received", "收文"),
    ("signed_1wd", "及时签收"), ("on_time_rate", "按时率"), ("yellow", "黄牌"), ("red", "红牌"),
    ("usage_rate", "使用率"), ("paper_compliance", "纸质同步"),
)
PAPER_LOW = 0.8  # 纸质同步合规率 below this (during a trial) puts a department in 需要改进
PAPER_LOW_GROUP = f"纸质同步不到位（纸质同步合规率低于{PAPER_LOW:.0%}）"
ISSUER = "市信息中心"  # writes the half-month 报告 to the city government (seed 004 §9)
REPORT_TO = "市人民政府"
CIRCULATOR = "市政府督办室"  # issues the 通报 in its own name and number
CIRCULAR_TO = "市直各单位"


def date_cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _change(now, before, unit="") -> str:
    if before is None or now is None:
        return ""
    delta = now - before
    if unit == "%":
        points = delta * 100
        return "，与上期持平" if abs(points) < 0.05 else f"，比上期{'上升' if points > 0 else '下降'}{abs(points):.1f}个百分点"
    return "，与上期持平" if delta == 0 else f"，比上期{'增加' if delta > 0 else '减少'}{abs(delta)}{unit}"


NAMED_AT_MOST = 10  # departments named in one sentence; the rest are counted ("等N个单位")


def named(items: list[str]) -> str:
    """Departments for a sentence of the bulletin: all of them up to NAMED_AT_MOST, else the first
    ones and how many there are in all (a 200-department city must not fill a page with names)."""
    if len(items) <= NAMED_AT_MOST:
        return "、".join(items)
    return "、".join(items[:NAMED_AT_MOST]) + f"等{len(items)}个单位"


def _rate(code: str, value) -> str:
    """A rate inside a sentence: "暂无数据" rather than a dash (which reads as 一 in running text)."""
    return "暂无数据" if value is None else display(code, value)


def content(table: dict, previous: dict | None, *, number: str, issued_on, version: int, reason: str = "",
            trend: dict | None = None) -> dict:
    """The bulletin's words, tables and chart data. `trend`: selectors.trend() for the period (read
    here when not given: frozen bulletins of the previous periods, else their rollups)."""
    from oa.usage import charts
    from oa.usage.selectors import trend as read_trend

    period = Period.parse(table["period"])
    if trend is None:
        trend = read_trend(period, current=table)
    city = table["city"]["figures"]
    before = previous["city"]["figures"] if previous else {}
    rows = [r for r in table["rows"] if r.get("counted", True)]  # the units using the system (oa.usage.units)
    scored = [r for r in rows if r["score"]["score"] is not None]
    late = [r for r in rows if (r["figures"]["red"] or 0) + (r["figures"]["yellow"] or 0) > 0]
    late.sort(key=lambda r: (-(r["figures"]["red"] or 0), -(r["figures"]["yellow"] or 0), r["name"]))
    summary = (
        f"{period.label}，全市共有{len(rows)}个单位使用办公系统，在用账号{city['accounts']}个，"
        f"登录{city['active']}人{_change(city['active'], before.get('active'), '人')}、{city['logins']}人次"
        f"{_change(city['logins'], before.get('logins'), '人次')}；网上发文{city['sent']}件"
        f"{_change(city['sent'], before.get('sent'), '件')}，"
        f"网上收文{city['received']}件{_change(city['received'], before.get('received'), '件')}，"
        f"1个工作日内签收{city['signed_1wd']}件；按时办结率{_rate('on_time_rate', city['on_time_rate'])}"
        f"{_change(city['on_time_rate'], before.get('on_time_rate'), '%')}，"
        f"使用率{_rate('usage_rate', city['usage_rate'])}{_change(city['usage_rate'], before.get('usage_rate'), '%')}。"
        f"本期黄牌{city['yellow']}件、红牌{city['red']}件。"
    )
    if late:
        summary += "未按时办理的收文：" + named(
            [f"{r['name']}{(r['figures']['red'] or 0) + (r['figures']['yellow'] or 0)}件" for r in late]) + "。"
    praise = [r["name"] for r in scored[:3] if (r["score"]["score"] or 0) >= 80 and not r["figures"]["red"]]
    groups = {"红牌（严重超期未办）": [], "本期无人登录": [], "收文签收不及时（1个工作日内签收不足一半）": [],
              PAPER_LOW_GROUP: []}
    # Red cards: the most first (sorted, stable, so ties stay in ranking order); the rest in ranking order.
    groups["红牌（严重超期未办）"] = [f"{r['name']}{r['figures']['red']}件"
                                    for r in sorted(rows, key=lambda r: -(r["figures"]["red"] or 0)) if r["figures"]["red"]]
    for r in rows:
        f = r["figures"]
        if f["active"] == 0:
            groups["本期无人登录"].append(r["name"])
        sign_rate = next(p["rate"] for p in r["score"]["parts"] if p["key"] == "sign_speed")
        if sign_rate is not None and sign_rate < 0.5:
            groups["收文签收不及时（1个工作日内签收不足一半）"].append(r["name"])
        if f.get("paper_compliance") is not None and f["paper_compliance"] < PAPER_LOW:
            groups[PAPER_LOW_GROUP].append(f"{r['name']}{display('paper_compliance', f['paper_compliance'])}")
    attention = [{"problem": problem, "units": named(units)} for problem, units in groups.items() if units]
    ranking = [
        {"rank": r["rank"] if r["rank"] is not None else "—", "name": r["name"],
         "score": display("", r["score"]["score"]) if r["score"]["score"] is None else f"{r['score']['score']:.1f}",
         "cells": [display(code, r["figures"][code]) for code, _ in RANKING_COLUMNS]}
        for r in rows
    ]
    city_cells = [display(code, city[code]) for code, _ in RANKING_COLUMNS]
    notes = [
        "统计周期为每月1日至15日、16日至月末；时间按北京时间，工作日按国家法定节假日安排计算。",
        table["formula"]["text"],
        "各项指标的定义与计算方法见本系统“统计”页面（每栏的说明及“指标定义”），任何人可据此复核。",
    ]
    if table.get("units"):
        notes.append(table["units"]["basis"])
    if table.get("missing_providers"):
        notes.append("以下模块尚未启用，相关指标以“—”表示：" + "、".join(table["missing_providers"]) + "。")
    if version > 1:
        notes.append(f"本通报为第{version}版，更正说明：{reason}。前一版本仍保存备查。")
    subject = f"{period.year}年{period.month}月{'上' if period.half == 1 else '下'}半月办公系统使用情况"
    return report_form({
        "subject": subject, "number": number, "period_label": period.label, "issued_on": date_cn(issued_on),
        "version": version, "summary": summary, "praise": praise, "attention": attention,
        "headers": [h for _, h in RANKING_COLUMNS], "ranking": ranking, "city_cells": city_cells, "notes": notes,
        "charts": charts.spec(table, trend),
    })


# --- the two documents made from the frozen words: the information center's 报告 and the 督办室's 通报 ------

def _subject(c: dict) -> str:
    """'…办公系统使用情况': kept in the content since the chain; read from the title of an older bulletin."""
    return c.get("subject") or c["title"].removeprefix("关于").removesuffix("的通报")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def report_form(c: dict, *, remarks: str = "", reported_on=None) -> dict:
    """The bulletin's words as the information center's 报告 to the city government (市人民政府), with the
    information center's own 说明 (`remarks`). A bulletin frozen before the chain (its content names a
    circulating office) is left as it was printed."""
    if c.get("circulated_by"):
        return c
    form = {**c, "form": "report", "mark": "使用情况报告", "title": f"关于{_subject(c)}的报告", "main_to": REPORT_TO,
            "issuer": ISSUER, "lead": "", "remarks": _paragraphs(remarks)}
    if reported_on is not None:
        form["issued_on"] = date_cn(reported_on)
    return form


def circular_form(c: dict, *, number: str, issued_on, remarks: str = "") -> dict:
    """The 通报 the 督办室 issues in its own name and number (its 通报 series), dated the day it issues it."""
    subject = _subject(c)
    return {**c, "form": "circular", "mark": "使用情况通报", "title": f"关于{subject}的通报", "number": number,
            "version": 1, "main_to": CIRCULAR_TO, "issuer": CIRCULATOR, "issued_on": date_cn(issued_on),
            "circulated_by": "", "remarks": _paragraphs(remarks),
            "lead": f"市信息中心报告了{subject}（{c['number']}）。经审核，现将有关情况通报如下："}


def bulletin_figures(c: dict) -> list:
    """The bulletin's charts (oa.usage.charts), numbered 图1…图3; none for a bulletin frozen before
    charts existed (its content has no chart data)."""
    from oa.usage import charts

    if not c.get("charts"):
        return []
    return [{"n": n, "caption": chart.numbered(n), "chart": chart}
            for n, chart in enumerate(charts.bulletin_charts(c["charts"]), start=1)]


def _data_url(png: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode()


def render_pdf(c: dict) -> bytes:
    from oa.usage import progress

    progress.stage("charts")
    pictures = [{"caption": f["caption"], "src": _data_url(f["chart"].png), "width": f["chart"].width_mm,
                 "height": f["chart"].height_mm} for f in bulletin_figures(c)]
    progress.stage("pdf")
    html = render_to_string("usage/bulletin.html", {"c": c, "font_css": mark_safe(role_css()),
                                                     "pictures": pictures})
    return html_to_pdf(html, render_to_string("usage/bulletin.css", {}))


def _run_font(run, name: str, size: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        from docx.oxml import OxmlElement

        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        r_fonts.set(qn(attr), name)


def _fill_table(table, lines: list[list[str]], fonts: list[str], *, size: float) -> None:
    """Write the table's text straight into its XML: one prepared run per font, copied into each
    cell (setting fonts through python-docx's properties, cell by cell, cost most of the time of a
    200-department bulletin)."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    prototypes = {}
    for font in set(fonts):
        scratch = table.cell(0, 0).paragraphs[0].add_run("")
        _run_font(scratch, font, size)
        prototypes[font] = deepcopy(scratch._element)
        scratch._element.getparent().remove(scratch._element)
    for tr, texts, font in zip(table._tbl.tr_lst, lines, fonts, strict=True):
        for tc, text in zip(tr.tc_lst, texts, strict=True):
            run = deepcopy(prototypes[font])
            t = run.makeelement(qn("w:t"), {})
            t.text = text
            run.append(t)
            tc.find(qn("w:p")).append(run)


def render_docx(c: dict) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    from oa.usage import progress

    pictures = bulletin_figures(c)
    progress.stage("docx")
    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    def para(text="", *, font="仿宋_GB2312", size=16, bold=False, align=None, indent=False, color=None, after=0):
        p = out.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(after)
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if text:
            run = p.add_run(text)
            _run_font(run, font, size, bold)
            if color is not None:
                run.font.color.rgb = color
        return p

    para(c.get("mark") or "使用情况通报", font="方正小标宋简体", size=26, align=WD_ALIGN_PARAGRAPH.CENTER,
         color=RGBColor(0xD4, 0, 0))
    para(c["number"], size=16, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    para(c["title"], font="方正小标宋简体", size=22, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    para(c["main_to"] + "：")
    if c.get("lead"):
        para(c["lead"], indent=True)
    para(c["summary"], indent=True)
    for remark in c.get("remarks") or ():
        para(remark, indent=True)
    para("一、排名情况", font="黑体")
    lines = [["排名", "单位", "评分", *c["headers"]]]
    lines += [[str(row["rank"]), row["name"], row["score"], *row["cells"]] for row in c["ranking"]]
    lines.append(["", "全市", "", *c["city_cells"]])
    table = out.add_table(rows=len(lines), cols=len(lines[0]))  # built in one go: add_row() per row is slow
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fill_table(table, lines, ["黑体"] + ["仿宋_GB2312"] * (len(lines) - 2) + ["黑体"], size=9)
    for picture in pictures:
        chart = picture["chart"]
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm), height=Mm(chart.height_mm))
        para(picture["caption"], font="黑体", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    para("二、表扬和提醒", font="黑体")
    para("较好的单位：" + ("、".join(c["praise"]) if c["praise"] else "本期无。"), indent=True)
    if c["attention"]:
        for item in c["attention"]:
            para(f"需要改进的单位——{item['problem']}：{item['units']}。", indent=True)
    else:
        para("需要改进的单位：本期无。", indent=True)
    para("三、说明", font="黑体")
    for n, note in enumerate(c["notes"], start=1):
        para(f"{n}. {note}", indent=True)
    para()
    para(c["issuer"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(c["issued_on"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    if c.get("circulated_by"):  # a bulletin frozen before the chain, as it was printed then
        para(f"（由{c['circulated_by']}通报）", size=14)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
