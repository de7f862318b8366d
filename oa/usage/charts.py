"""The report's charts, drawn once for the dashboard, the bulletin PDF and the bulletin DOCX.

One matplotlib Figure per chart is saved twice: as SVG (inline on the dashboard pages) and as PNG
at 200 dpi (the same PNG goes into the PDF and the DOCX: python-docx cannot place SVG, and
WeasyPrint draws an SVG whose text is outlines four times slower than it places a PNG — 2.9 s
against 0.7 s for the three charts of 200 departments). Both come from the same Figure at the
same size, so the three outputs look the same. Text is drawn as outlines
(svg.fonttype "path") in the 黑体 role's font (oa/rendering/fonts.py: a licensed SimHei from
OA_FONT_DIR when present, else Debian's Noto Sans CJK SC), so a browser without Chinese fonts
shows the same glyphs; the labels are repeated in the SVG's <title>/<desc> for screen readers,
search and tests.

Charts:
  usage       各单位使用率 — horizontal bars in ranking order
  on_time     各单位按时办结率 — horizontal bars in ranking order
  trend       近6期趋势 — the city's usage rate and on-time rate over the last 6 periods
  department  one department's trend (with the city's as thin dashed lines)

More than MAX_BARS departments: the chart shows the first and the last HALF of the ranking and a
line saying how many are left out (the ranking table lists them all); the same picture goes into
all three outputs.

Rendering is memoised by the chart's data (a frozen bulletin renders once for its PDF and DOCX;
the live dashboard re-renders only when a figure changed).
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import logging
import threading
import warnings

from oa.rendering import fonts

MAX_BARS = 40
HALF = MAX_BARS // 2
WIDTH_IN = 6.1  # 155 mm: the bulletin's text width (A4 less 28 mm + 26 mm margins)
PNG_DPI = 200
CACHE_SECONDS = 7 * 24 * 3600
STYLE = "2"  # bump when the drawing changes, so cached pictures are redrawn
BLUE, GREEN, GREY = "#2f6fb5", "#2e8b57", "#8a94a6"
CAPTIONS = {
    "usage": "各单位使用率（网上占比）",
    "on_time": "各单位按时办结率",
    "trend": "近6期全市使用率和按时办结率",
    "department": "近6期使用率和按时办结率",
}

_lock = threading.Lock()  # matplotlib's pyplot-free API is fine per figure, but font setup is global
logger = logging.getLogger(__name__)


class Chart:
    """One chart. `svg` and `png` are saved from the same Figure on first use (the PDF needs only
    the SVG, the DOCX only the PNG; the dashboard the SVG)."""

    def __init__(self, key: str, caption: str, description: str, figure, digest: str = ""):
        self.key, self.caption, self.description, self.digest = key, caption, description, digest
        self._figure = figure
        width, height = figure.get_size_inches()
        self.width_mm = round(float(width) * 25.4, 1)
        self.height_mm = round(float(height) * 25.4, 1)
        self._svg: str | None = None
        self._png: bytes | None = None

    def numbered(self, n: int) -> str:
        return f"图{n} {self.caption}"

    def _save(self, fmt: str):
        import matplotlib
        from matplotlib import rc_context

        matplotlib.use("Agg", force=False)
        with _lock, rc_context(_rc()), warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # a missing glyph must fail loudly, never print a box
            if fmt == "svg":
                buffer = io.StringIO()
                self._figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
            else:
                buffer = io.BytesIO()
                self._figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
        return buffer.getvalue()

    def _shared(self, fmt: str, make):
        """Drawn once for all processes: kept in the cache (Redis in production) by the data's digest."""
        from django.core.cache import cache

        key = f"usage-chart:{self.digest}:{fmt}" if self.digest else None
        value = cache.get(key) if key else None
        if value is None:
            value = make()
            if key:
                cache.set(key, value, CACHE_SECONDS)
        return value

    @property
    def svg(self) -> str:
        """An <svg> element (no XML declaration), text as outlines, labels in <title>/<desc>."""
        if self._svg is None:
            self._svg = self._shared("svg", lambda: _svg_with_text(self._save("svg"), self.caption, self.description))
        return self._svg

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = self._shared("png", lambda: self._save("png"))
        return self._png


@functools.lru_cache(maxsize=1)
def font_family() -> tuple[str, ...]:
    """The 黑体 role's families that matplotlib can use, best first (licensed ones registered)."""
    from matplotlib import font_manager

    role = fonts.ROLES["heiti"]
    for family, path in fonts.folder_fonts().items():
        if family in role.families:
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - a broken font file
                logger.warning("cannot load chart font %s", path)
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    usable = tuple(f for f in role.families if f in known)
    if not usable:  # last resort: ask fontconfig for the file of the free fallback
        import subprocess

        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", role.families[-1]], capture_output=True, text=True,
                                   timeout=10, check=False).stdout.strip()
            if found:
                font_manager.fontManager.addfont(found)
        except (OSError, subprocess.SubprocessError, RuntimeError, ValueError):
            pass
        known = {entry.name for entry in font_manager.fontManager.ttflist}
        usable = tuple(f for f in role.families if f in known)
    return usable + ("DejaVu Sans",)


def _rc() -> dict:
    return {
        "font.family": list(font_family()), "font.size": 8, "axes.titlesize": 9, "svg.fonttype": "path",
        "svg.hashsalt": "oa-usage", "axes.spines.top": False, "axes.spines.right": False,
        "axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": PNG_DPI,
    }


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _figure(height_in: float, *, left: float, right: float = 0.12, top: float = 0.12, bottom: float = 0.3):
    """A Figure with fixed margins in inches (a constrained layout costs a second full draw)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_IN, height_in))
    fig.subplots_adjust(left=left / WIDTH_IN, right=1 - right / WIDTH_IN, top=1 - top / height_in,
                        bottom=bottom / height_in)
    return fig


def _text_width_in(text: str, size_pt: float = 8) -> float:
    """Roughly how wide a label is: CJK glyphs are one em, others about half."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)
    return ems * size_pt / 72


def _bars(spec: dict, code: str, color: str):
    rows = spec["departments"]
    shown = rows if len(rows) <= MAX_BARS else rows[:HALF] + [None] + rows[-HALF:]
    height = max(1.6, 0.5 + 0.17 * len(shown))
    labels, values, texts = [], [], []
    gap = None
    for position, row in enumerate(shown):
        if row is None:
            gap = position
            labels.append("")
            values.append(0)
            texts.append("")
            continue
        labels.append(row["name"] if row["rank"] is None else f"{row['rank']}. {row['name']}")
        value = row[code]
        values.append(0 if value is None else value * 100)
        texts.append(_pct(value))
    left = min(WIDTH_IN * 0.45, max((_text_width_in(label) for label in labels), default=0.5) + 0.15)
    fig = _figure(height, left=left, right=0.1, top=0.1, bottom=0.3)
    ax = fig.add_subplot()
    positions = list(range(len(shown)))
    if gap is not None:
        ax.text(1, gap, f"……其余{len(rows) - 2 * HALF}个单位从略，见排名表……", va="center", fontsize=7, color=GREY)
    ax.barh(positions, values, color=color, height=0.68)
    ax.set_yticks(positions, labels)
    ax.set_ylim(len(shown) - 0.5, -0.6)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 40, 60, 80, 100], ["0", "20%", "40%", "60%", "80%", "100%"])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e3e7ee", linewidth=0.6)
    ax.set_axisbelow(True)
    for y, value, text in zip(positions, values, texts, strict=True):
        if text:
            ax.text(value + 1, y, text, va="center", fontsize=7)
    if rows and all(r[code] is None for r in rows):
        ax.text(56, (len(shown) - 1) / 2, "本期各单位均无此项数据", ha="center", va="center", fontsize=9, color=GREY)
    caption = CAPTIONS["usage" if code == "usage_rate" else "on_time"]
    description = caption + "：" + "；".join(
        f"{r['name']} {_pct(r[code])}" for r in rows)
    return fig, description


def _periods_axis(ax, periods: list[dict]):
    ax.set_xticks(range(len(periods)), [p["short"] for p in periods])
    ax.set_xlim(-0.4, len(periods) - 0.6)
    ax.set_ylim(0, 108)
    ax.set_yticks([0, 20, 40, 60, 80, 100], ["0", "20%", "40%", "60%", "80%", "100%"])
    ax.grid(axis="y", color="#e3e7ee", linewidth=0.6)
    ax.set_axisbelow(True)


def _line(ax, values, **style):
    import math

    xs = list(range(len(values)))
    ys = [math.nan if v is None else v * 100 for v in values]
    ax.plot(xs, ys, marker="o", markersize=3, **style)
    return xs, ys


def _trend(spec: dict, who: str):
    periods = spec["trend"]["periods"]
    fig = _figure(2.5, left=0.45, right=0.12, top=0.32, bottom=0.3)
    ax = fig.add_subplot()
    _periods_axis(ax, periods)
    series = spec["trend"]["series"]
    mine = series.get(who) or {"usage_rate": [None] * len(periods), "on_time_rate": [None] * len(periods)}
    for code, color, label in (("usage_rate", BLUE, "使用率"), ("on_time_rate", GREEN, "按时办结率")):
        xs, ys = _line(ax, mine[code], color=color, linewidth=1.6, label=label)
        for x, y in zip(xs, ys, strict=True):
            if y == y:  # not NaN
                ax.annotate(f"{y:.1f}%", (x, y), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=6.5,
                            color=color)
        if who != "city" and "city" in series:
            _line(ax, series["city"][code], color=color, linewidth=0.8, linestyle="--", alpha=0.6,
                  label=f"全市{label}")
    fig.legend(loc="upper center", bbox_to_anchor=(0.5, 1.0), fontsize=7, frameon=False, ncols=4 if who != "city" else 2)
    name = "全市" if who == "city" else spec["trend"]["names"].get(who, "")
    description = f"{name}近{len(periods)}期：" + "；".join(
        f"{p['label']} 使用率{_pct(mine['usage_rate'][i])}、按时办结率{_pct(mine['on_time_rate'][i])}"
        for i, p in enumerate(periods))
    return fig, description


def _svg_with_text(svg: str, title: str, description: str) -> str:
    start = svg.index("<svg")
    svg = svg[start:]
    close = svg.index(">") + 1
    head = svg[:close].replace("<svg ", '<svg role="img" ', 1)
    return (f"{head}<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>"
            + svg[close:])


def _draw(spec_json: str, key: str, who: str | None, digest: str = "") -> Chart:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context

    spec = json.loads(spec_json)
    with _lock, rc_context(_rc()):
        if key in ("usage", "on_time"):
            fig, description = _bars(spec, "usage_rate" if key == "usage" else "on_time_rate",
                                     BLUE if key == "usage" else GREEN)
            caption = CAPTIONS[key]
        else:
            fig, description = _trend(spec, who or "city")
            caption = CAPTIONS["trend" if who in (None, "city") else "department"]
            if who not in (None, "city"):
                caption = f"{spec['trend']['names'].get(who, '')}{caption}"
    return Chart(key, caption, description, fig, digest)


@functools.lru_cache(maxsize=64)
def _cached(digest: str, spec_json: str, key: str, who: str | None) -> Chart:
    return _draw(spec_json, key, who, digest)


def chart(spec: dict, key: str, who: str | None = None, *, with_city: bool = True) -> Chart:
    """One chart from a spec (see `spec()`); the same data always gives the same bytes.

    who: a department id (as a string) for its trend; with_city=False leaves the city's lines out
    (for people who may not see the city-wide figures)."""
    if key in ("usage", "on_time"):
        part = {"departments": spec["departments"]}
    else:
        series = spec["trend"]["series"]
        wanted = {who or "city"} | ({"city"} if with_city else set())
        part = {"trend": {"periods": spec["trend"]["periods"], "names": spec["trend"]["names"],
                          "series": {k: series[k] for k in wanted if k in series}}}
    spec_json = json.dumps(part, sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(f"{STYLE}|{key}|{who}|{spec_json}".encode()).hexdigest()
    return _cached(digest, spec_json, key, who)


def bulletin_charts(spec: dict) -> list[Chart]:
    """The bulletin's three charts (also the dashboard's): usage, on-time rate, city trend."""
    return [chart(spec, "usage"), chart(spec, "on_time"), chart(spec, "trend")]


def spec(table: dict, trend: dict | None) -> dict:
    """The data the charts are drawn from (JSON-able; stored inside a frozen bulletin's content).

    table: selectors.build_table(); trend: selectors.trend() (None: no trend chart data).
    """
    departments = [{"department_id": r["department_id"], "name": r["short_name"] or r["name"], "rank": r["rank"],
                    "usage_rate": r["figures"]["usage_rate"], "on_time_rate": r["figures"]["on_time_rate"]}
                   for r in table["rows"] if r.get("counted", True)]  # the units the bulletin counts (oa.usage.units)
    return {"departments": departments, "trend": trend or {"periods": [], "names": {}, "series": {}}}
