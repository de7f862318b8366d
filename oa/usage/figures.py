"""Every figure of the half-month report, defined in one place: code, Chinese label, how it is
computed. docs/usage.md is written from this module; keep the two in step.

Three kinds of stored values (UsageFigure rows, department × period × code):

* COUNTERS — moved by oa.usage.listener as each ledger entry is written (same transaction) and
  recomputed by `usage_rebuild` from the ledger and the documents tables;
* STATE — how things stand (accounts, open items past their deadline): read live for the running
  period, frozen into the rollup when the period is closed;
* PROVIDED — figures owned by other modules (notices, trial, feedback), pulled from the module's
  `usage_counts(start=, end=)` function when it exists (at rebuild and at close). When the module
  is not installed the figure shows "—": nothing is invented.

The report's columns (COLUMNS) are derived from the stored values by `derive()`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps

SIGN_BUCKETS = 6  # sign_wd_0 … sign_wd_5, then sign_wd_6p (6 or more working days)
SIGN_CODES = [f"sign_wd_{n}" for n in range(SIGN_BUCKETS)] + ["sign_wd_6p"]

COUNTERS = {
    "logins": "登录次数：ledger 动作 auth.login 的条数（按登录人所在单位）",
    "active": "登录人数：本期至少登录一次的人数（每人只计一次）",
    "drafted": "拟稿数：ledger 动作 document.create 的条数（拟稿人所在单位）",
    "sent": "网上发文：ledger 动作 document.dispatch（成功）的条数（核发人所在单位）",
    "received": "网上收文：核发生成的收文（Delivery，非纸质）条数，按收文单位、发送时间",
    "received_paper": "纸质来文：ledger 动作 delivery.register_paper 的条数（登记人所在单位）",
    "paper_missed": ("应上网未上网：收到时间在本期、来文单位是本系统内单位（登记时按单位全称或简称认定）、"
                     "未并入网上来文的纸质来文（按收文单位）；登记时加1，并入网上来文（delivery.merge_paper）时"
                     "从其登记所在周期减1"),
    "signed": "签收件数：本期签收的网上收文（Delivery.signed_at 在本期）",
    **{code: f"签收用时 {code[8:].replace('6p', '≥6')} 个工作日的件数（交换日至签收日，documents.incoming.deadlines）"
       for code in SIGN_CODES},
    "done_on_time": "按时办结：本期办结且办结日不晚于办理时限的收文",
    "done_yellow": "办结时黄牌：本期办结、逾期不超过红牌天数的收文",
    "done_red": "办结时红牌：本期办结、逾期超过红牌天数（默认3个工作日）的收文",
    "circ_sent": "传阅人次：本期发起的传阅中的阅读人数（本期内被收回的不计；按收文单位）",
    "circ_read": "已阅人次：其中在本期结束前已阅的人数（本期之后才阅的计为本期未阅）",
}

STATE = {
    "accounts": "账号数：单位在用账号（Person.is_active）",
    "open_yellow": "未办结黄牌：截至期末未办结、已过办理时限的收文",
    "open_red": "未办结红牌：截至期末未办结、逾期超过红牌天数的收文",
}


@dataclass(frozen=True)
class Provider:
    key: str
    app_label: str
    module: str
    codes: tuple[str, ...]
    label: str


PROVIDERS = (
    Provider("notices", "notices", "notices.usage", ("notices_due", "notices_read"), "通知公告"),
    Provider("trial", "trial", "oa.trial.usage", ("paper_required", "paper_parallel", "paper_only"), "试运行"),
    Provider("feedback", "feedback", "oa.feedback.usage", ("faults_reported", "faults_resolved"), "问题反馈"),
)
PROVIDED = {code: p.key for p in PROVIDERS for code in p.codes}


def provider_function(provider: Provider, name: str = "usage_counts"):
    """The provider's `usage_counts(*, start, end) -> {department_id: {code: int}}`, or None; with
    name="usage_items", its `usage_items(*, department_id, start, end) -> {list key: [dict]}` (the
    items behind its figures, for the drill-down), or None."""
    if not apps.is_installed(provider.module.rsplit(".", 1)[0]):
        return None
    try:
        module = importlib.import_module(provider.module)
    except ImportError:
        return None
    return getattr(module, name, None)


def providers_present() -> set[str]:
    return {p.key for p in PROVIDERS if provider_function(p) is not None}


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    short: str
    unit: str  # "" count, "%" rate (0..1 stored), "wd" working days
    how: str
    provider: str | None = None


COLUMNS = (
    Column("accounts", "账号数", "账号", "", STATE["accounts"]),
    Column("active", "登录人数", "登录人数", "", COUNTERS["active"]),
    Column("logins", "登录次数", "登录次数", "", COUNTERS["logins"]),
    Column("drafted", "拟稿数", "拟稿", "", COUNTERS["drafted"]),
    Column("sent", "网上发文", "发文", "", COUNTERS["sent"]),
    Column("received", "网上收文", "收文", "", COUNTERS["received"]),
    Column("signed_1wd", "1个工作日内签收", "及时签收", "", "sign_wd_0 + sign_wd_1"),
    Column("sign_median", "签收用时中位数（工作日）", "签收中位", "wd",
           "本期签收件的签收用时（工作日）的中位数，由 sign_wd_* 分布求得；无签收为“—”"),
    Column("done_on_time", "按时办结", "按时办结", "", COUNTERS["done_on_time"]),
    Column("yellow", "黄牌", "黄牌", "", "done_yellow + open_yellow"),
    Column("red", "红牌", "红牌", "", "done_red + open_red"),
    Column("on_time_rate", "按时办结率", "按时率", "%", "done_on_time ÷ (done_on_time + done_yellow + done_red)"),
    Column("circ_read_rate", "传阅阅读率", "传阅阅读率", "%", "circ_read ÷ circ_sent：本期发起的传阅，本期内已阅的比例"),
    Column("notices_read_rate", "通知阅读率", "通知阅读率", "%", "notices_read ÷ notices_due（通知公告模块提供）",
           "notices"),
    Column("paper_compliance", "纸质同步合规率", "纸质同步", "%",
           "paper_parallel ÷ paper_required（试运行模块提供）", "trial"),
    Column("paper_only", "仅纸质件数", "仅纸质", "", "paper_only（试运行模块提供；涉密件不得上网，不计入使用率）", "trial"),
    Column("paper_missed", "应上网未上网", "未上网", "", COUNTERS["paper_missed"]),
    Column("usage_rate", "使用率（网上占比）", "使用率", "%",
           "received ÷ (received + paper_missed)：应从网上收到的公文中网上收到的比例。网上来文的纸质件（已并入）、"
           "系统外单位的纸质来文和涉密纸质件（“三密”件不得上网）都不降低使用率"),
    Column("faults_reported", "报障数", "报障", "", "faults_reported（问题反馈模块提供）", "feedback"),
    Column("faults_resolved", "已解决", "已解决", "", "faults_resolved（问题反馈模块提供）", "feedback"),
)
COLUMN_BY_CODE = {c.code: c for c in COLUMNS}


def _ratio(num: int, den: int) -> float | None:
    return None if den <= 0 else min(1.0, num / den)


def median_working_days(values: dict) -> float | None:
    """The median of the sign-for delays, from the bucket counts (6+ counts as 6)."""
    counts = [int(values.get(code, 0)) for code in SIGN_CODES]
    total = sum(counts)
    if total == 0:
        return None

    def nth(k: int) -> int:  # 0-based k-th smallest delay
        seen = 0
        for days, count in enumerate(counts):
            seen += count
            if k < seen:
                return days
        return len(counts) - 1

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def rate_counts(values: dict, present: Iterable[str]) -> dict[str, dict | None]:
    """Every rate's counts — {"numerator": n, "denominator": d} — from one department's (or the city's
    summed) stored values; None where the rate's module is not installed. The rates (derive(), the
    score's 1个工作日内签收率) are computed from these, so an integration can check each figure."""
    present = set(present)
    v = lambda code: int(values.get(code, 0) or 0)  # noqa: E731
    pairs = {
        "on_time_rate": (v("done_on_time"), v("done_on_time") + v("done_yellow") + v("done_red")),
        "sign_1wd_rate": (v("sign_wd_0") + v("sign_wd_1"), sum(v(code) for code in SIGN_CODES)),
        "circ_read_rate": (v("circ_read"), v("circ_sent")),
        "notices_read_rate": (v("notices_read"), v("notices_due")) if "notices" in present else None,
        "paper_compliance": (v("paper_parallel"), v("paper_required")) if "trial" in present else None,
        "usage_rate": (v("received"), v("received") + v("paper_missed")),
    }
    return {code: None if pair is None else {"numerator": pair[0], "denominator": pair[1]}
            for code, pair in pairs.items()}


def _rate(counts: dict | None) -> float | None:
    return None if counts is None else _ratio(counts["numerator"], counts["denominator"])


def derive(values: dict, present: Iterable[str]) -> dict:
    """The report's columns from one department's (or the city's summed) stored values."""
    present = set(present)
    v = lambda code: int(values.get(code, 0) or 0)  # noqa: E731
    counts = rate_counts(values, present)
    row = {
        "accounts": v("accounts"),
        "active": v("active"),
        "logins": v("logins"),
        "drafted": v("drafted"),
        "sent": v("sent"),
        "received": v("received"),
        "signed_1wd": v("sign_wd_0") + v("sign_wd_1"),
        "sign_median": median_working_days(values),
        "done_on_time": v("done_on_time"),
        "yellow": v("done_yellow") + v("open_yellow"),
        "red": v("done_red") + v("open_red"),
        "on_time_rate": _rate(counts["on_time_rate"]),
        "circ_read_rate": _rate(counts["circ_read_rate"]),
        "notices_read_rate": _rate(counts["notices_read_rate"]),
        "paper_compliance": _rate(counts["paper_compliance"]),
        "paper_only": v("paper_only") if "trial" in present else None,
        "paper_missed": v("paper_missed"),
        "usage_rate": _rate(counts["usage_rate"]),
        "faults_reported": v("faults_reported") if "feedback" in present else None,
        "faults_resolved": v("faults_resolved") if "feedback" in present else None,
    }
    # Helpers the score needs (not shown as columns).
    row["_signed"] = counts["sign_1wd_rate"]["denominator"]
    row["_done_total"] = counts["on_time_rate"]["denominator"]
    return row


def display(code: str, value) -> str:
    """How a value is printed: "—" for absent, a percentage for rates."""
    if value is None:
        return "—"
    unit = COLUMN_BY_CODE[code].unit if code in COLUMN_BY_CODE else ""
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "wd":
        return f"{value:g}"
    return str(value)
