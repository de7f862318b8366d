"""The 四性检测 report: every check with its aspect, outcome and a Chinese sentence; a batch's report holds
its packages' reports. `to_dict()` is what the API and batch.json carry; `report_html`/`report_pdf` are the
readable page (templates/archives/package_report.html)."""

from __future__ import annotations

from dataclasses import dataclass, field

ASPECTS = {"authenticity": "真实性", "integrity": "完整性", "usability": "可用性", "security": "安全性"}
STATUS = {"pass": "通过", "warn": "提示", "fail": "不通过"}
CONTEXTS = {"build": "封装后检测", "import": "接收时检测", "check": "复检"}


@dataclass(frozen=True)
class Check:
    aspect: str
    label: str
    status: str  # pass / warn / fail
    detail: str
    part: str = ""


@dataclass
class Report:
    subject: str  # 档号, or the batch's identifier
    kind: str  # item / batch
    context: str
    checked_at: str
    package_sha256: str = ""
    manifest_sha256: str = ""
    checks: list[Check] = field(default_factory=list)
    items: list[Report] = field(default_factory=list)

    def add(self, aspect: str, status: str, label: str, detail: str, part: str = "") -> None:
        self.checks.append(Check(aspect, label, status, detail, part))

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks) and all(item.ok for item in self.items)

    def aspect_status(self, aspect: str) -> str:
        statuses = {c.status for c in self.checks if c.aspect == aspect}
        statuses |= {item.aspect_status(aspect) for item in self.items}
        return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"

    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"] + [c for item in self.items for c in item.failures()]

    def to_dict(self) -> dict:
        return {"subject": self.subject, "kind": self.kind, "context": self.context, "checked_at": self.checked_at,
                "ok": self.ok, "package_sha256": self.package_sha256, "manifest_sha256": self.manifest_sha256,
                "aspects": {aspect: self.aspect_status(aspect) for aspect in ASPECTS},
                "checks": [{"aspect": c.aspect, "label": c.label, "status": c.status, "detail": c.detail, "part": c.part}
                           for c in self.checks],
                "items": [item.to_dict() for item in self.items]}


def _rows(report: Report) -> list[dict]:
    return [{"aspect": ASPECTS[c.aspect], "label": c.label, "status": c.status, "status_label": STATUS[c.status],
             "detail": c.detail, "part": c.part} for c in sorted(report.checks, key=lambda c: list(ASPECTS).index(c.aspect))]


def _when(iso: str) -> str:
    """The check's time as people read it (2026年12月7日 18:30, local time); the ISO text if it is not one."""
    from datetime import datetime

    from oa.core.templatetags.oa_format import cn_datetime

    try:
        return cn_datetime(datetime.fromisoformat(iso))
    except (TypeError, ValueError):
        return iso


def _context(report: Report) -> dict:
    return {"report": report, "ok": report.ok, "checked_at": _when(report.checked_at), "context_label": CONTEXTS.get(report.context, report.context),
            "aspects": [(label, STATUS[report.aspect_status(key)], report.aspect_status(key))
                        for key, label in ASPECTS.items()],
            "rows": _rows(report), "items": [_context(item) for item in report.items]}


def report_html(report: Report, *, standalone: bool = True) -> str:
    from django.template.loader import render_to_string

    return render_to_string("archives/package_report.html", {**_context(report), "standalone": standalone})


REPORT_CSS = """
@page { size: A4; margin: 18mm 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10pt; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 12pt; margin-top: 1.2em; }
table { width: 100%; border-collapse: collapse; margin: .5em 0; }
th, td { border: 0.5pt solid #555; padding: 2pt 4pt; vertical-align: top; word-break: break-all; }
td.aspect, th.aspect { white-space: nowrap; width: 3.5em; }
td.status { white-space: nowrap; }
th, .nowrap { white-space: nowrap; }
.fail { color: #b00; font-weight: bold; } .warn { color: #a60; } .pass { color: #060; }
.hash { font-family: monospace; font-size: 8pt; }
"""


def report_pdf(report: Report) -> bytes:
    from oa.rendering.pdf import html_to_pdf

    return html_to_pdf(report_html(report), REPORT_CSS)
