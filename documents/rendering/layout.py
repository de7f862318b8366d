"""GB/T 9704-2012 numbers, shared by the PDF and the DOCX renderers (see docs: DOMAIN.md).

A4; type area (版心) 156 × 225 mm with its top 37 mm and left edge 28 mm from the page edges;
22 lines × 28 characters of 3号 (16 pt) 仿宋 filling it.
"""

from __future__ import annotations

PT_PER_MM = 72 / 25.4

PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
MARGIN_TOP_MM, MARGIN_LEFT_MM = 37.0, 28.0
TYPE_W_MM, TYPE_H_MM = 156.0, 225.0
MARGIN_RIGHT_MM = PAGE_W_MM - MARGIN_LEFT_MM - TYPE_W_MM  # 26
MARGIN_BOTTOM_MM = PAGE_H_MM - MARGIN_TOP_MM - TYPE_H_MM  # 35

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
SMALL_PT = 14.0  # 4号: 版记, page numbers

PITCH_MM = TYPE_H_MM / LINES_PER_PAGE  # 10.227 mm
PITCH_PT = PITCH_MM * PT_PER_MM  # 28.99 pt
ADVANCE_PT = TYPE_W_MM * PT_PER_MM / CHARS_PER_LINE  # 15.79 pt per character, spacing included
# Slightly less than the exact -0.21 pt so that rounding never pushes the 28th character over.
LETTER_SPACING_PT = round(ADVANCE_PT - BODY_PT - 0.002, 3)
INDENT_2_PT = 2 * ADVANCE_PT  # 空二字
INDENT_1_PT = ADVANCE_PT

ORGAN_MARK_TOP_MM = 35.0  # below the top of the type area
ORGAN_MARK_TOP_UP_MM = 80.0  # 上行文
RULE_BELOW_NUMBER_MM = 4.0
RED = "#d40000"

PAGE_NUMBER_GAP_MM = 7.0  # the dashes' top, below the type area

# 信函格式 (§10.1): the organ mark's top 30 mm from the page's top edge; a red double rule (thick over thin)
# 4 mm below it and another (thin over thick) 20 mm above the bottom edge, both 170 mm long and centred on
# the type area. The standard gives no weights: those of the usual templates (2.25 pt over 0.75 pt).
LETTER_MARK_TOP_MM = 30.0  # from the top edge of the page
LETTER_RULE_BELOW_MARK_MM = 4.0
LETTER_RULE_ABOVE_BOTTOM_MM = 20.0  # the lower double rule's bottom edge, from the bottom edge of the page
DOUBLE_RULE_W_MM = 170.0
DOUBLE_RULE_THICK_MM = 0.8
DOUBLE_RULE_THIN_MM = 0.3
DOUBLE_RULE_GAP_MM = 0.6
DOUBLE_RULE_H_MM = DOUBLE_RULE_THICK_MM + DOUBLE_RULE_GAP_MM + DOUBLE_RULE_THIN_MM


def organ_mark_pt(text: str) -> float:
    """Large (up to 36 pt) for short names, smaller for long ones, never below 22 pt unless the
    name cannot fit in one line at 22 pt."""
    n = max(1, len(text.strip()))
    fit = TYPE_W_MM * PT_PER_MM * 0.96 / n
    if fit >= 22:
        return round(min(36.0, fit), 1)
    return round(max(fit, 14.0), 1)


def cn_date(value) -> str:
    """2026年11月3日: Arabic numerals, no leading zeros; '' for no date."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


# --- the title: GB/T 9704 wants it broken so that words stay whole, in a trapezoid or diamond --------

TITLE_MAX_WIDTH = TYPE_W_MM * PT_PER_MM / TITLE_PT  # 20 full-width characters
GOOD_END_CHARS = set("的和与及、，；：")
GOOD_END_WORDS = {
    "系统", "工作", "管理", "建设", "情况", "问题", "事项", "活动", "单位", "部门", "有关", "方案", "计划",
    "意见", "办法", "规定", "通知", "试点", "改革", "发展", "服务", "机制", "制度", "体系", "项目", "政务",
    "我市", "全市", "本市", "进一步", "关于", "安全", "外网", "内网", "测评", "检查", "经费", "机关", "市直",
    "自动化", "信息化", "公文", "文件", "年度", "规划", "要点", "总结", "报告", "请示", "批复", "决定",
    "公开", "细则", "通报", "表彰", "名单",
}
GOOD_START_WORDS = {"关于", "做好", "加强", "开展", "印发", "转发", "进一步", "推进", "实施", "调整", "有关", "试运行"}
NO_LINE_START = set("，。、；：？！）》」』】〕”’%．.,;:!?)")
NO_LINE_END = set("（《「『【〔“‘(")


def char_width(ch: str) -> float:
    import unicodedata

    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


def title_lines(title: str, max_width: float = TITLE_MAX_WIDTH) -> list[str]:
    """Break a title into balanced lines at plausible word boundaries, upper lines no shorter than
    lower ones (a trapezoid). No dictionary at hand: a list of words common in titles, the
    punctuation rules (禁则) and runs of Latin letters or digits kept whole."""
    import itertools

    text = " ".join((title or "").split())
    widths = [char_width(ch) for ch in text]
    total = sum(widths)
    if not text or total <= max_width:
        return [text] if text else []
    n = len(text)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)

    def break_cost(i: int) -> float:  # a break before text[i]
        before, after = text[i - 1], text[i]
        if after in NO_LINE_START or before in NO_LINE_END:
            return 1000.0
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            return 1000.0
        if before in GOOD_END_CHARS or text[max(0, i - 2):i] in GOOD_END_WORDS or text[max(0, i - 3):i] in GOOD_END_WORDS:
            return 0.0
        if any(text.startswith(word, i) for word in GOOD_START_WORDS):
            return 0.5
        return 4.0

    costs = [0.0] + [break_cost(i) for i in range(1, n)]
    allowed = [i for i in range(1, n) if costs[i] < 1000]

    def score(cuts: tuple[int, ...], k: int, extra_lines: int) -> float | None:
        bounds = [0, *cuts, n]
        line_widths = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:], strict=False)]
        if max(line_widths) > max_width:
            return None
        target = total / k
        inverted = sum(1 for up, down in zip(line_widths, line_widths[1:], strict=False) if down > up)
        return (0.15 * sum((w - target) ** 2 for w in line_widths) + sum(costs[c] for c in cuts)
                + 3.0 * inverted + 6.0 * extra_lines)

    needed = int(-(-total // max_width))
    best: tuple[float, tuple[int, ...]] | None = None
    for k in (needed, needed + 1):
        if k > 3:  # four lines and more: no real title is that long; plain lines below
            break
        for cuts in itertools.combinations(allowed, k - 1):
            value = score(cuts, k, k - needed)
            if value is not None and (best is None or value < best[0]):
                best = (value, cuts)
    if best is None:  # greedy fallback
        lines, line, width = [], "", 0.0
        for ch, w in zip(text, widths, strict=True):
            if width + w > max_width and line:
                lines.append(line)
                line, width = "", 0.0
            line, width = line + ch, width + w
        return [*lines, line]
    bounds = [0, *best[1], n]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def column_percentages(rows: list[list[str]]) -> list[float]:
    """Column widths (percent of the type area) from the longest cell of each column, so tables
    can use the fixed layout (WeasyPrint's automatic table layout costs ~25 ms a table)."""
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return []
    need = [2.0] * columns
    for row in rows:
        for i, cell in enumerate(row):
            need[i] = max(need[i], min(18.0, sum(char_width(ch) for ch in cell)) + 1.0)
    total = sum(need)
    return [round(100 * n / total, 2) for n in need]
