"""The efficiency score (效能评分), published and versioned. Change the formula only by adding a new
version: a frozen bulletin records the version it was scored with (`Bulletin.formula_version`) and keeps
the score it froze; new tables are scored with FORMULA_VERSION. `explain(row, version=…)` explains a
row under any published version. docs/usage.md publishes every version's weights and formula text.

Seed 003 (衢州) scores departments "按照《浙江省电子监察绩效评估量化标准》" but publishes no weights,
so the weights are this project's own:

    base  = Σ weight_i × rate_i  over the components that apply, rescaled so their weights sum to 100
    score = max(0, base − min(30, 2 × 红牌 + 1 × 黄牌))

A component applies when its rate exists (it has a denominator, and its module is installed).
Every point is traced to items: `explain()` gives each component's points and the penalty, which
sum to the score.

v1 (until issue 18): 按时办结率 35, 1个工作日内签收率 25, 使用率 20, 传阅阅读率 10, 通知阅读率 10.

v2 adds 纸质同步合规率 (paper_compliance, the trial's paper copies gone out ÷ required) with weight 15 and
keeps v1's five weights. It has a denominator only while a trial requires paper (seed 004 §2: "在试运行
期间……网上传输和纸质同步"), so outside a trial the other five are rescaled exactly as in v1; during a
trial it weighs 15/115 ≈ 13 %: after the two figures of the receiving work itself (办结 35, 签收 25) and
使用率 (20) — the rule exists "为确保……业务系统的使用率" — and above the two reading rates (10 each).
v2 is scored on v2's 使用率 (网上收文 ÷ (网上收文 + 应上网未上网), figures.py), which paper copies of
online documents and 三密 items never lower.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    key: str
    label: str
    weight: float
    rate_code: str
    items: str  # what the drill-down lists for this component


@dataclass(frozen=True)
class Formula:
    version: str
    components: tuple[Component, ...]
    text: str


RED_POINTS = 2
YELLOW_POINTS = 1
PENALTY_CAP = 30
PENALTY_TEXT = "再扣减红牌每件2分、黄牌每件1分（最多扣30分，最低0分）。"

ON_TIME = Component("on_time", "按时办结率", 35, "on_time_rate", "本期办结但逾期（黄牌、红牌）的收文")
SIGN_SPEED = Component("sign_speed", "1个工作日内签收率", 25, "sign_1wd_rate", "本期签收用时超过1个工作日的收文")
CIRCULATION = Component("circulation", "传阅阅读率", 10, "circ_read_rate", "本期传阅中尚未阅读的记录")
NOTICES = Component("notices", "通知阅读率", 10, "notices_read_rate", "（由通知公告模块提供）")

V1 = Formula("v1", (
    ON_TIME, SIGN_SPEED,
    Component("usage", "使用率（网上占比）", 20, "usage_rate", "本期登记的纸质来文和收到的涉密纸质件"),
    CIRCULATION, NOTICES,
), "效能评分（第1版）：按时办结率×35 + 1个工作日内签收率×25 + 使用率×20 + 传阅阅读率×10 + 通知阅读率×10"
   "（无数据或模块未启用的项不计，其余权重按比例折算为100分），" + PENALTY_TEXT)

V2 = Formula("v2", (
    ON_TIME, SIGN_SPEED,
    Component("usage", "使用率（网上占比）", 20, "usage_rate",
              "本期收到、来自系统内单位而未并入网上来文的纸质来文（应上网未上网）"),
    CIRCULATION, NOTICES,
    Component("paper", "纸质同步合规率", 15, "paper_compliance",
              "本期网上发出、须纸质同步而纸质件尚未送出的公文（试运行期间）"),
), "效能评分（第2版）：按时办结率×35 + 1个工作日内签收率×25 + 使用率×20 + 传阅阅读率×10 + 通知阅读率×10"
   " + 纸质同步合规率×15（仅试运行期间有须纸质同步的公文时计入）"
   "（无数据或模块未启用的项不计，其余权重按比例折算为100分），" + PENALTY_TEXT
   + "使用率 = 网上收文 ÷ (网上收文 + 应上网未上网的纸质来文)，网上来文的纸质件和涉密件不计入。")

FORMULAS = {f.version: f for f in (V1, V2)}
FORMULA_VERSION = V2.version
FORMULA_TEXT = V2.text
COMPONENTS = V2.components


def formula(version: str | None = None) -> Formula:
    """A published version (the current one when not given); an unknown version is an error, never a guess."""
    return FORMULAS[version or FORMULA_VERSION]


def explain(row: dict, version: str | None = None, *, counts: dict | None = None) -> dict:
    """The score of one row of derived figures under `version` (default: the current one), with every
    part of it. `counts` (figures.rate_counts of the same values): each part then carries its rate's
    numerator and denominator."""
    f = formula(version)
    rates = dict(row)
    signed = row.get("_signed") or 0
    rates["sign_1wd_rate"] = None if not signed else row["signed_1wd"] / signed
    applying = [c for c in f.components if rates.get(c.rate_code) is not None]
    total_weight = sum(c.weight for c in applying)
    parts = []
    for c in f.components:
        rate = rates.get(c.rate_code)
        extra = {} if counts is None else {"counts": counts.get(c.rate_code)}
        if rate is None or not total_weight:
            parts.append({"key": c.key, "label": c.label, "weight": c.weight, "rate": None, "effective_weight": 0.0,
                          "points": 0.0, "items": c.items, **extra})
            continue
        effective = c.weight * 100 / total_weight
        parts.append({"key": c.key, "label": c.label, "weight": c.weight, "rate": rate,
                      "effective_weight": round(effective, 4), "points": round(effective * rate, 2), "items": c.items,
                      **extra})
    red, yellow = row.get("red") or 0, row.get("yellow") or 0
    penalty = min(PENALTY_CAP, RED_POINTS * red + YELLOW_POINTS * yellow)
    if not applying:
        return {"version": f.version, "score": None, "parts": parts, "penalty": 0, "red": red, "yellow": yellow}
    base = sum(p["points"] for p in parts)
    penalty_applied = min(penalty, base)  # the score never goes below 0, so the drill-down still sums to it
    return {"version": f.version, "score": round(base - penalty_applied, 2), "parts": parts,
            "penalty": round(penalty_applied, 2), "red": red, "yellow": yellow}

