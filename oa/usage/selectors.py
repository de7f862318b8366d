"""Reading the report's table: from the rollup (and, for a period not frozen yet, the live state and the
other modules' own counts)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from documents.models import Delivery
from oa.org.models import Department
from oa.usage.figures import (
    COLUMNS,
    PROVIDED,
    PROVIDERS,
    STATE,
    derive,
    provider_function,
    providers_present,
    rate_counts,
)
from oa.usage.models import Bulletin, UsageFigure
from oa.usage.periods import Period
from oa.usage.score import FORMULA_TEXT, FORMULA_VERSION, explain
from oa.usage.units import DEPARTMENT_FIELDS, counted_by_period


def _departments():
    return list(Department.objects.filter(is_active=True).order_by("sort_order", "id")
                .values("id", "name", "short_name", *DEPARTMENT_FIELDS))


def period_values(period: Period) -> dict[int, dict[str, int]]:
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for department_id, code, value in UsageFigure.objects.filter(period=str(period)).values_list(
            "department_id", "code", "value"):
        values[department_id][code] = value
    return values


def live_state(as_of, *, departments=None) -> dict[int, dict[str, int]]:
    """The state figures of a period not frozen yet. Today (the running period): the kept 黄牌/红牌 counts
    (oa.usage.overdue: one row per department, never the deliveries) and the accounts of `departments`
    (None: every department; a person who sees one department counts that one). An ended period not closed
    yet: as its close will freeze them (a count as of its last day)."""
    from oa.org.models import Person
    from oa.usage import overdue
    from oa.usage.services.rollup import compute_state, state_map

    if as_of != _today():
        return state_map(compute_state(as_of))
    values: dict[int, dict[str, int]] = defaultdict(dict)
    for department_id, codes in overdue.counts(today=as_of).items():  # every department's: they rank the table
        values[department_id].update(codes)
    people = Person.objects.filter(is_active=True, department__isnull=False)
    if departments is not None:
        people = people.filter(department_id__in=list(departments))
    for department_id, n in people.values("department_id").annotate(n=Count("id")).order_by() \
            .values_list("department_id", "n"):
        values[department_id]["accounts"] = n
    return values


def build_table(period: Period, *, live: bool | None = None, departments=None) -> dict:
    """Every department's columns, score and rank for the period, plus the city-wide row.

    Reads the rollup (one query); for a period that has not ended the state figures (accounts,
    open overdue items) come from `live_state` (kept counts, not a scan of the deliveries). `departments`:
    the departments whose rows the reader will see (None: all) — what is read only for the rows shown
    (the accounts) is read for those only; the ranking's figures are read for all (one row each).
    """
    from oa.usage.services.rollup import compute_provided

    if live is None:
        live = not period.is_closed_by()
    values = period_values(period)
    if not live and not any(code in STATE for codes in values.values() for code in codes):
        live = None  # ended but not frozen yet: the state as close would freeze it
    if live is not False:
        # Not frozen yet: the state figures as they stand, and the other modules' figures as they count
        # them from their own tables now (a few grouped queries bounded by the period, never the ledger) —
        # the same values close will freeze.
        provided, _ = compute_provided(period)
        for codes in values.values():
            for code in (*STATE, *PROVIDED):
                codes.pop(code, None)
        for department_id, codes in live_state(min(period.last, _today()), departments=departments).items():
            values[department_id].update(codes)
        for (department_id, code), n in provided.items():
            values[department_id][code] = n
    present = providers_present()
    departments = _departments()
    # The units the bulletin counts, ranks and names (oa.usage.units).
    counted, basis = counted_by_period([period], departments)[str(period)]
    rows = []
    city: dict[str, int] = defaultdict(int)
    for d in departments:
        stored = values.get(d["id"], {})
        if d["id"] in counted:
            for code, n in stored.items():
                city[code] += n
        row, counts = derive(stored, present), rate_counts(stored, present)
        rows.append({"department_id": d["id"], "name": d["name"], "short_name": d["short_name"], "figures": row,
                     "counts": counts, "score": explain(row, counts=counts), "counted": d["id"] in counted})
    ranked = sorted(rows, key=lambda r: (not r["counted"], r["score"]["score"] is None, -(r["score"]["score"] or 0),
                                         r["name"]))
    rank = 0
    previous = object()
    for position, row in enumerate(ranked, start=1):
        if row["score"]["score"] != previous:
            rank = position
            previous = row["score"]["score"]
        row["rank"] = rank if row["score"]["score"] is not None and row["counted"] else None
    city_row, city_counts = derive(city, present), rate_counts(city, present)
    return {
        "period": str(period), "label": period.label, "live": bool(live), "providers": sorted(present),
        "missing_providers": [p.label for p in PROVIDERS if p.key not in present],
        "columns": [{"code": c.code, "label": c.label, "short": c.short, "unit": c.unit, "how": c.how} for c in COLUMNS],
        "rows": ranked, "city": {"figures": city_row, "counts": city_counts,
                                        "score": explain(city_row, counts=city_counts)},
        "formula": {"version": FORMULA_VERSION, "text": FORMULA_TEXT},
        "units": {"count": len(counted), "basis": basis},
    }


def _today():
    from django.utils import timezone

    return timezone.localdate()


def latest_report(period: Period) -> Bulletin | None:
    return Bulletin.objects.filter(period=str(period)).order_by("-version").first()


def table_for(period: Period, *, departments=None) -> tuple[dict, Bulletin | None]:
    """The frozen bulletin's table when the period was closed, else the rollup (`departments`: the rows the
    reader may see, see build_table)."""
    report = latest_report(period)
    if report is not None:
        return report.data["table"], report
    return build_table(period, departments=departments), None


def department_row(table: dict, department_id: int) -> dict | None:
    return next((r for r in table["rows"] if r["department_id"] == department_id), None)


def score_items(period: Period, department_id: int, *, version: str = FORMULA_VERSION) -> dict[str, list]:
    """The items behind each part of a department's score (the drill-down), at most 200 each, as the
    score's formula `version` defines its parts (a bulletin frozen under v1 lists v1's paper items)."""
    from django.db.models import Q

    from oa.usage.listener import done_code, sign_bucket
    from oa.usage.services.rollup import missed_paper, period_readings

    window = {"gte": period.start, "lt": period.end}
    deliveries = Delivery.objects.filter(department_id=department_id).only(
        "id", "title", "sender_name", "sent_at", "signed_at", "due_date", "done_at", "paused_days", "state")
    late_done, late_signed = [], []
    for d in deliveries.filter(done_at__gte=window["gte"], done_at__lt=window["lt"]).order_by("done_at", "id"):
        code = done_code(due_date=d.due_date, done_at=d.done_at)
        if code != "done_on_time":
            late_done.append({"delivery": d, "grade": "红牌" if code == "done_red" else "黄牌"})
    for d in deliveries.filter(on_paper=False, document__isnull=False, signed_at__gte=window["gte"],
                               signed_at__lt=window["lt"]).order_by("signed_at", "id"):
        bucket = sign_bucket(sent_at=d.sent_at, signed_at=d.signed_at, paused_days=d.paused_days)
        if bucket not in ("sign_wd_0", "sign_wd_1"):
            late_signed.append({"delivery": d, "days": bucket[8:].replace("6p", "≥6")})
    if version == "v1":  # v1's 使用率 counted every paper arrival registered in the period
        paper = list(deliveries.filter(on_paper=True, signed_at__gte=window["gte"], signed_at__lt=window["lt"])
                     .order_by("signed_at", "id")[:200])
    else:
        paper = list(missed_paper(period).filter(department_id=department_id).only(
            "id", "title", "sender_name", "sent_at", "signed_at", "state").order_by("sent_at", "id")[:200])
    unread = list(period_readings(period).filter(Q(read_at__isnull=True) | Q(read_at__gte=window["lt"]),
                                                 circulation__delivery__department_id=department_id)
                  .select_related("reader", "circulation__delivery").order_by("id")[:200])
    items = {"on_time": late_done[:200], "sign_speed": late_signed[:200], "usage": paper, "circulation": unread}
    for provider in PROVIDERS:  # the modules' own items behind their figures (the trial's paper-only items)
        if (fn := provider_function(provider, "usage_items")) is not None:
            items.update(fn(department_id=department_id, start=period.start, end=period.end))
    return items


def open_overdue_items(period: Period, department_id: int) -> list[dict]:
    """The penalty's other half: the department's deliveries still open and past their deadline as of
    the period's last day (today for the running period), as they stand now, at most 200."""
    from oa.usage.services.rollup import open_overdue

    overdue, limits = open_overdue(min(period.last, _today()))
    rows = overdue.filter(department_id=department_id).only("id", "title", "sender_name", "due_date", "state") \
        .order_by("due_date", "id")[:200]
    return [{"delivery": d, "grade": "红牌" if d.due_date < limits["red_before"] else "黄牌"} for d in rows]


TREND_PERIODS = 6
TREND_CODES = ("usage_rate", "on_time_rate")


def trend(period: Period, *, count: int = TREND_PERIODS, current: dict | None = None) -> dict:
    """The last `count` periods up to `period`: the city's and every department's usage rate and
    on-time rate, for the trend view and the trend chart.

    Each period is read from its frozen bulletin (latest version) when it has one, else from the
    rollup's counters and the modules' provided figures counted now (no state figures). Never from the
    ledger. `current`:
    the already built table of `period` (saves reading it again).
    """
    from django.db.models import Max, Q

    periods = period.recent(count)
    names = {str(p) for p in periods}
    latest = dict(Bulletin.objects.filter(period__in=names).values("period").annotate(v=Max("version"))
                  .values_list("period", "v"))
    latest_only = Q(pk__in=[])
    for name, version in latest.items():
        latest_only |= Q(period=name, version=version)
    frozen = {r.period: r.data.get("table") for r in Bulletin.objects.filter(latest_only).only("period", "data")}
    if current is not None:
        frozen.setdefault(str(period), current)
    rollup: dict[str, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for name, department_id, code, value in UsageFigure.objects.filter(
            period__in=[n for n in names if not frozen.get(n)]).values_list("period", "department_id", "code", "value"):
        rollup[name][department_id][code] = value
    # A period without a bulletin is read from the rollup only: its counters and the other modules' figures
    # as the last rebuild stored them (usage_rebuild, the close's check) — the running period comes in as
    # `current`, the dashboard's own table. No module is asked to count again (issue 20).
    present = providers_present()
    departments = _departments()
    unfrozen = [p for p in periods if not frozen.get(str(p))]
    counted_in = counted_by_period(unfrozen, departments) if unfrozen else {}
    series: dict[str, dict[str, list]] = {"city": {code: [] for code in TREND_CODES}}
    for d in departments:
        series[str(d["id"])] = {code: [] for code in TREND_CODES}
    for p in periods:
        table = frozen.get(str(p))
        if table:
            by_id = {str(r["department_id"]): r["figures"] for r in table["rows"]}
            city = table["city"]["figures"]
        else:
            values = rollup.get(str(p), {})
            by_id, summed = {}, defaultdict(int)
            counted = counted_in[str(p)][0]  # the city line sums the units the bulletin counts, as build_table does
            for d in departments:
                stored = values.get(d["id"], {})
                for code, n in stored.items() if d["id"] in counted else ():
                    summed[code] += n
                by_id[str(d["id"])] = derive(stored, present)
            city = derive(summed, present)
        for code in TREND_CODES:
            series["city"][code].append(city.get(code))
            for d in departments:
                figures = by_id.get(str(d["id"]))
                series[str(d["id"])][code].append(figures.get(code) if figures else None)
    return {
        "periods": [{"period": str(p), "label": p.label, "short": f"{p.month}月{'上' if p.half == 1 else '下'}",
                     "frozen": str(p) in latest} for p in periods],
        "names": {str(d["id"]): d["name"] for d in departments},
        "series": series,
    }
