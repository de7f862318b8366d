"""XLSX exports of the dashboard's table and of a department's drill-down (pages and API alike;
the callers check who may see what)."""

from __future__ import annotations

from oa.core.xlsx import DATE, DECIMAL, PERCENT, Cell, Sheet
from oa.usage.figures import COLUMNS

SCORE = "效能评分"


def _fmt(unit: str) -> str | None:
    return PERCENT if unit == "%" else (DECIMAL if unit == "wd" else None)


def table_sheets(table: dict, rows: list[dict], *, with_city: bool) -> list[Sheet]:
    """各单位: rank, unit, score and every column; 说明: each column's definition and the formula."""
    header = ["排名", "单位", SCORE, *[c.label for c in COLUMNS]]
    formats = {2: DECIMAL, **{3 + i: f for i, c in enumerate(COLUMNS) if (f := _fmt(c.unit))}}
    sheet = Sheet("各单位", header, formats=formats, widths={1: 24})
    for r in rows:
        sheet.rows.append([r["rank"], r["name"], r["score"]["score"], *[r["figures"].get(c.code) for c in COLUMNS]])
    if with_city:
        city = table["city"]
        sheet.rows.append([None, "全市", city["score"]["score"], *[city["figures"].get(c.code) for c in COLUMNS]])
    notes = Sheet("说明", ["指标", "计算方法"], widths={0: 24, 1: 90})
    notes.rows.append(["统计周期", table["label"] + ("（进行中，数据截至导出时）" if table.get("live") else "")])
    notes.rows.append([SCORE, table["formula"]["text"]])
    notes.rows.extend([c.label, c.how] for c in COLUMNS)
    if table.get("missing_providers"):
        notes.rows.append(["尚未启用的模块", "、".join(table["missing_providers"]) + "（相关指标为空）"])
    return [sheet, notes]


def department_sheets(row: dict, items: dict, trend_rows: list[dict] | None = None) -> list[Sheet]:
    """评分 (each part and the penalty), 全部指标, and one sheet per list of items behind the points."""
    score = row["score"]
    parts = Sheet("评分", ["评分项", "比率", "权重", "折算权重", "得分"],
                  formats={1: PERCENT, 2: DECIMAL, 3: DECIMAL, 4: DECIMAL}, widths={0: 30})
    for p in score["parts"]:
        parts.rows.append([p["label"], p["rate"], p["weight"], p["effective_weight"], p["points"]])
    parts.rows.append([f"扣分（红牌{score['red']}件×2，黄牌{score['yellow']}件×1，最多30分）", None, None, None,
                       -score["penalty"]])
    parts.rows.append(["合计", None, None, None, score["score"]])
    figures = Sheet("全部指标", ["指标", "数值", "计算方法"], widths={0: 24, 1: 12, 2: 80})
    for c in COLUMNS:
        figures.rows.append([c.label, Cell(row["figures"].get(c.code), _fmt(c.unit)), c.how])
    sheets = [parts, figures]
    late = Sheet("逾期办结", ["收文", "来文单位", "办理时限", "办结时间", "监察"], formats={2: DATE}, widths={0: 50, 1: 20})
    for i in items.get("on_time", []):
        d = i["delivery"]
        late.rows.append([d.title, d.sender_name, d.due_date, d.done_at, i["grade"]])
    slow = Sheet("签收不及时", ["收文", "来文单位", "发送时间", "签收时间", "用时（工作日）"], widths={0: 50, 1: 20})
    for i in items.get("sign_speed", []):
        d = i["delivery"]
        slow.rows.append([d.title, d.sender_name, d.sent_at, d.signed_at, i["days"]])
    paper = Sheet("应上网未上网", ["纸质来文", "来文单位", "登记时间"], widths={0: 50, 1: 20})
    for d in items.get("usage", []):
        paper.rows.append([d.title, d.sender_name, d.signed_at])
    unread = Sheet("传阅未读", ["收文", "阅读人"], widths={0: 50})
    for r in items.get("circulation", []):
        unread.rows.append([r.circulation.delivery.title, r.reader.name])
    sheets += [late, slow, paper, unread]
    if "paper" in items:
        missing = Sheet("纸质件未送出", ["公文", "收文单位", "网上发送日期", "状态"], formats={2: DATE}, widths={0: 50, 1: 20})
        missing.rows.extend([i["title"], i["receiver"], i["dispatched_on"], i["state"]] for i in items["paper"])
        sheets.append(missing)
    if "paper_only" in items:
        classified = Sheet("涉密纸质件", ["收到日期", "对方单位", "件数"], formats={0: DATE}, widths={1: 20})
        classified.rows.extend([i["on_date"], i["counterpart"], i["count"]] for i in items["paper_only"])
        sheets.append(classified)
    if trend_rows:
        trend = Sheet("近6期趋势", ["统计周期", "使用率", "按时办结率"], formats={1: PERCENT, 2: PERCENT}, widths={0: 36})
        trend.rows.extend([t["label"], t["usage_rate"], t["on_time_rate"]] for t in trend_rows)
        sheets.append(trend)
    return sheets

