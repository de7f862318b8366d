"""Every figure of the half-month report, defined in one place: code, Chinese label, and what it counts
in one plain Chinese sentence (what people read). docs/usage.md gives the technical definitions written
from this module's code; keep the two in step.

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

# Each figure's name and one sentence of what it counts, in words a department clerk understands: these
# texts are shown on the /usage/ pages, the drill-down's 全部指标, the XLSX and the API (`columns[].how`).
# The precise technical definitions (ledger actions, fields, buckets) are in docs/usage.md.
COUNTERS = {
    "logins": "登录次数：本期本单位人员登录系统的次数（通过接口令牌使用系统的，每人每天首次使用计一次登录）",
    "active": "登录人数：本期至少登录过一次的本单位人员人数，每人只计一次",
    "drafted": "拟稿数：本期本单位人员新起草的公文件数",
    "sent": "网上发文：本期本单位通过系统核发出去的公文件数",
    "received": "网上收文：本期通过系统发给本单位的公文件数（不含纸质来文）",
    "received_paper": "纸质来文：本期本单位登记的纸质来文件数",
    "paper_missed": ("应上网未上网：本期本单位收到的、本系统内单位发来却只有纸质件的公文件数；"
                     "补发到网上并与网上来文合并后不再计入"),
    "signed": "签收件数：本期本单位签收的网上收文件数",
    **{code: (f"签收用时{code[8:].replace('6p', '6个及以上')}{'' if code.endswith('6p') else '个'}工作日的件数："
              "从公文送达之日到签收之日所用的工作日")
       for code in SIGN_CODES},
    "done_on_time": "按时办结：本期办结、且在办理时限内办完的收文件数",
    "done_yellow": "办结时黄牌：本期办结、超过办理时限但未超过红牌天数的收文件数",
    "done_red": "办结时红牌：本期办结、逾期超过红牌天数（默认3个工作日）的收文件数",
    "circ_sent": "传阅人次：本期发起的传阅中请本单位人员阅读的人次（本期内收回的不计）",
    "circ_read": "已阅人次：其中在本期结束前已经阅读的人次",
}

STATE = {
    "accounts": "账号数：本单位目前在用的系统账号个数（已停用的不计）",
    "open_yellow": "未办结黄牌：到期末仍未办结、已超过办理时限的收文件数",
    "open_red": "未办结红牌：到期末仍未办结、逾期超过红牌天数（默认3个工作日）的收文件数",
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
    Column("signed_1wd", "1个工作日内签收", "及时签收", "",
           "1个工作日内签收：本期签收的网上收文中，送达后当天或下一个工作日就签收的件数"),
    Column("sign_median", "签收用时中位数（工作日）", "签收中位", "wd",
           "签收用时中位数：本期签收的网上收文，从送达到签收所用工作日按多少排队后居中的那个数；本期没有签收的显示“—”"),
    Column("done_on_time", "按时办结", "按时办结", "", COUNTERS["done_on_time"]),
    Column("yellow", "黄牌", "黄牌", "", "黄牌：超过办理时限、逾期未超过红牌天数（默认3个工作日）的收文件数，含本期办结的和到期末仍未办结的"),
    Column("red", "红牌", "红牌", "", "红牌：逾期超过红牌天数（默认3个工作日）的收文件数，含本期办结的和到期末仍未办结的"),
    Column("on_time_rate", "按时办结率", "按时率", "%", "按时办结率：本期办结的收文中，在办理时限内办完的所占比例"),
    Column("circ_read_rate", "传阅阅读率", "传阅阅读率", "%",
           "传阅阅读率：本期发起的传阅中，请阅的人在本期结束前已经阅读的比例"),
    Column("notices_read_rate", "通知阅读率", "通知阅读率", "%",
           "通知阅读率：本期发布、应由本单位人员阅读的通知公告中，已经阅读的比例（通知公告模块启用后统计）", "notices"),
    Column("paper_compliance", "纸质同步合规率", "纸质同步", "%",
           "纸质同步合规率：试运行期间本单位网上发出、须同时送纸质件的公文中，纸质件已经送出的比例", "trial"),
    Column("paper_only", "仅纸质件数", "仅纸质", "",
           "仅纸质件数：本期只走纸质的涉密公文件数（“三密”件不得上网，不计入使用率）", "trial"),
    Column("paper_missed", "应上网未上网", "未上网", "", COUNTERS["paper_missed"]),
    Column("usage_rate", "使用率（网上占比）", "使用率", "%",
           "使用率：应当从网上收到的公文中，本单位确实从网上收到的比例。网上来文另送的纸质件、"
           "系统外单位的纸质来文和涉密纸质件（“三密”件不得上网）都不降低使用率"),
    Column("faults_reported", "报障数", "报障", "", "报障数：本期本单位人员通过“问题反馈”报告的系统故障件数（重复的合并计一次）",
           "feedback"),
    Column("faults_resolved", "已解决", "已解决", "", "已解决：本期已解决的本单位报障件数", "feedback"),
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
