"""The efficiency score (效能评分), published and versioned. Change the formula only by adding a new
version: a frozen bulletin records the version it was scored with.

Seed 003 (衢州) scores departments "按照《浙江省电子监察绩效评估量化标准》" but publishes no weights,
so version v1 is this project's own, shown on the dashboard and in docs/usage.md:

    base  = Σ weight_i × rate_i  over the components that apply, rescaled so their weights sum to 100
    score = max(0, base − min(30, 2 × 红牌 + 1 × 黄牌))

A component applies when its rate exists (it has a denominator, and its module is installed).
Every point is traced to items: `explain()` gives each component's points and the penalty, which
sum to the score.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMULA_VERSION = "v1"


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: float
    rate_code: str
    items: str  # what the drill-down lists for this component


COMPONENTS = (
    Component("on_time", "按时办结率", 35, "on_time_rate", "本期办结但逾期（黄牌、红牌）的收文"),
    Component("sign_speed", "1个工作日内签收率", 25, "_sign_rate", "本期签收用时超过1个工作日的收文"),
    Component("usage", "使用率（网上占比）", 20, "usage_rate", "本期登记的纸质来文和收到的涉密纸质件"),
    Component("circulation", "传阅阅读率", 10, "circ_read_rate", "本期传阅中尚未阅读的记录"),
    Component("notices", "通知阅读率", 10, "notices_read_rate", "（由通知公告模块提供）"),
)
RED_POINTS = 2
YELLOW_POINTS = 1
PENALTY_CAP = 30


def explain(row: dict) -> dict:
    """The score of one row of derived figures, with every part of it."""
    rates = dict(row)
    signed = row.get("_signed") or 0
    rates["_sign_rate"] = None if not signed else row["signed_1wd"] / signed
    applying = [c for c in COMPONENTS if rates.get(c.rate_code) is not None]
    total_weight = sum(c.weight for c in applying)
    parts = []
    for c in COMPONENTS:
        rate = rates.get(c.rate_code)
        if rate is None or not total_weight:
            parts.append({"key": c.key, "label": c.label, "weight": c.weight, "rate": None, "effective_weight": 0.0,
                          "points": 0.0, "items": c.items})
            continue
        effective = c.weight * 100 / total_weight
        parts.append({"key": c.key, "label": c.label, "weight": c.weight, "rate": rate,
                      "effective_weight": round(effective, 4), "points": round(effective * rate, 2), "items": c.items})
    red, yellow = row.get("red") or 0, row.get("yellow") or 0
    penalty = min(PENALTY_CAP, RED_POINTS * red + YELLOW_POINTS * yellow)
    if not applying:
        return {"version": FORMULA_VERSION, "score": None, "parts": parts, "penalty": 0, "red": red, "yellow": yellow}
    base = sum(p["points"] for p in parts)
    penalty_applied = min(penalty, base)  # the score never goes below 0, so the drill-down still sums to it
    return {"version": FORMULA_VERSION, "score": round(base - penalty_applied, 2), "parts": parts,
            "penalty": round(penalty_applied, 2), "red": red, "yellow": yellow}


FORMULA_TEXT = (
    "效能评分 " + FORMULA_VERSION + "：按时办结率×35 + 1个工作日内签收率×25 + 使用率×20 + 传阅阅读率×10 + 通知阅读率×10"
    "（无数据或模块未启用的项不计，其余权重按比例折算为100分），再扣减红牌每件2分、黄牌每件1分（最多扣30分，最低0分）。"
)
