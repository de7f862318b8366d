"""未办结黄牌/红牌 per department, kept rather than counted (issue 20): `OverdueCount` rows.

Invariant: a department's row holds the number of its open deliveries that are 黄牌 / 红牌 as of the
row's `as_of` day (`code_for`, the rule `rollup.open_overdue` counts with). Two things move it:

* **the step** — every save of a delivery (the step path: run_step's body saves it under its row lock) whose
  open state, deadline or department changed is compared with what it was when loaded; when that changes what
  it counts as, the department's row is locked (select_for_update) and moved with F() increments, in the
  step's transaction (a step that completes, transfers, returns or merges an overdue delivery, or moves a
  deadline). A delivery that cannot be late as of today (deadline today or later, or not open) costs nothing.
* **the timer** — `advance(today)`: the deliveries whose deadline the days crossed since `as_of` (a window of
  due dates, read through the `(state, due_date, department)` index) move from none to 黄牌 and from 黄牌 to
  红牌; the rows are locked first, so a step waits or has already been counted. Run by the periodic chase
  (`chase_overdue`, documents.incoming.services.supervision.deadlines_checked) and, should it not have run
  today, by the first reader.

`verify(write=…)` recounts the way the close does and repairs (usage_rebuild, verify_rollup).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from documents.incoming.deadlines import grade_thresholds
from documents.incoming.models import OPEN_STATES
from documents.models import Delivery
from oa.usage.models import OverdueCount

CODES = ("open_yellow", "open_red")
_TRACKED = ("state", "due_date", "department_id")


def code_for(state, due: date | None, limits: dict) -> str | None:
    """What an open delivery counts as, given `grade_thresholds(as_of)`: None, "open_yellow" or "open_red"."""
    if state not in OPEN_STATES or due is None or due >= limits["yellow_before"]:
        return None
    return "open_red" if due < limits["red_before"] else "open_yellow"


def recount(as_of: date, departments=None) -> dict[int, dict[str, int]]:
    """From scratch, as the close freezes them (rollup.open_overdue): ONE grouped query."""
    from oa.usage.services.rollup import open_overdue

    overdue, limits = open_overdue(as_of)
    if departments is not None:
        overdue = overdue.filter(department_id__in=list(departments))
    rows = overdue.values("department_id").annotate(
        red=Count("id", filter=Q(due_date__lt=limits["red_before"])),
        yellow=Count("id", filter=Q(due_date__gte=limits["red_before"]))).order_by()
    return {r["department_id"]: {"open_yellow": r["yellow"], "open_red": r["red"]} for r in rows}


# --- the step: a delivery saved ---------------------------------------------------------------------

def _seen(instance) -> tuple | None:
    values = instance.__dict__
    if any(name not in values for name in _TRACKED):  # deferred: not known without a query
        return None
    return tuple(values[name] for name in _TRACKED)


def remember(sender, instance, **kwargs) -> None:
    """post_init: what the delivery counted as when it was loaded (its state, deadline, department)."""
    instance._usage_overdue = _seen(instance)


def _may_count(seen: tuple | None, today: date) -> bool:
    return seen is not None and seen[0] in OPEN_STATES and seen[1] is not None and seen[1] < today


def saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save: move the department's row when what the delivery counts as changed."""
    if raw:
        return
    before = None if created else getattr(instance, "_usage_overdue", None)
    after = _seen(instance)
    instance._usage_overdue = after
    if before == after:
        return
    if after is None or (before is None and not created):  # loaded without these fields: read them back
        after = Delivery.objects.filter(pk=instance.pk).values_list(*_TRACKED).first()
        resync({d[2] for d in (after,) if d})
        return
    _move(before, after)


def deleted(sender, instance, **kwargs) -> None:
    _move(getattr(instance, "_usage_overdue", None), None)


def _move(before: tuple | None, after: tuple | None) -> None:
    today = timezone.localdate()
    moving = [(seen, sign) for seen, sign in ((before, -1), (after, 1)) if _may_count(seen, today)]
    if not moving:
        return  # neither could be late on any day up to today: nothing counted, nothing to count
    rows = {r.department_id: r.as_of for r in OverdueCount.objects.select_for_update()
            .filter(department_id__in={seen[2] for seen, _ in moving}).only("department_id", "as_of")}
    delta: Counter = Counter()
    for seen, sign in moving:
        if seen[2] in rows and (code := code_for(seen[0], seen[1], grade_thresholds(rows[seen[2]]))):
            delta[seen[2], code] += sign
    for (department_id, code), n in delta.items():
        if n:
            OverdueCount.objects.filter(department_id=department_id).update(**{code: F(code) + n})


def department_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A new department has no deliveries yet: its row starts at zero."""
    if created and not raw:
        OverdueCount.objects.bulk_create([OverdueCount(department_id=instance.pk, as_of=timezone.localdate())],
                                         ignore_conflicts=True)


# --- the timer: days crossing deadlines ---------------------------------------------------------------

def advance(today: date | None = None, departments=None) -> int:
    """Bring the rows to `today`: the open deliveries whose deadline the days since each row's `as_of`
    crossed change what they count as. Rows locked first. Returns the rows moved."""
    today = today or timezone.localdate()
    new = grade_thresholds(today)
    with transaction.atomic():
        rows = OverdueCount.objects.select_for_update().exclude(as_of=today)
        if departments is not None:
            rows = rows.filter(department_id__in=list(departments))
        groups: dict[date, list[int]] = defaultdict(list)
        for department_id, as_of in rows.values_list("department_id", "as_of"):
            groups[as_of].append(department_id)
        for as_of, ids in groups.items():
            old = grade_thresholds(as_of)
            delta: Counter = Counter()
            for department_id, due, n in Delivery.objects.filter(
                    state__in=OPEN_STATES, department_id__in=ids,
                    due_date__gte=min(old["red_before"], new["red_before"]),
                    due_date__lt=max(old["yellow_before"], new["yellow_before"])
            ).values_list("department_id", "due_date").annotate(n=Count("id")).order_by():
                for limits, sign in ((old, -1), (new, 1)):
                    if code := code_for(OPEN_STATES[0], due, limits):
                        delta[department_id, code] += sign * n
            moved = {d for (d, _), n in delta.items() if n}
            for department_id in moved:
                OverdueCount.objects.filter(department_id=department_id).update(
                    as_of=today, **{code: F(code) + delta[department_id, code] for code in CODES})
            OverdueCount.objects.filter(department_id__in=[d for d in ids if d not in moved]).update(as_of=today)
        return sum(len(ids) for ids in groups.values())


def on_deadlines_checked(sender, today=None, **kwargs) -> None:
    advance(today)


# --- reading and checking -------------------------------------------------------------------------------

def counts(*, today: date | None = None, departments=None) -> dict[int, dict[str, int]]:
    """{department_id: {"open_yellow": n, "open_red": n}} as of today, for `departments` (None: all):
    one query over one row per department (a catch-up `advance` first when the timer has not run today)."""
    today = today or timezone.localdate()
    rows = OverdueCount.objects.all()
    if departments is not None:
        rows = rows.filter(department_id__in=list(departments))
    values = list(rows.values_list("department_id", "as_of", *CODES))
    if any(as_of != today for _, as_of, *_ in values):
        advance(today, departments)
        values = list(rows.values_list("department_id", "as_of", *CODES))
    return {d: {"open_yellow": y, "open_red": r} for d, _, y, r in values if y or r}


def resync(departments=None, *, today: date | None = None) -> dict[int, dict[str, int]]:
    """Write the recounted values (all departments, or `departments`) as of today; returns them."""
    from oa.org.models import Department

    today = today or timezone.localdate()
    with transaction.atomic():
        ids = Department.objects.values_list("id", flat=True)
        if departments is not None:
            ids = ids.filter(id__in=list(departments))
        ids = list(ids)
        OverdueCount.objects.bulk_create([OverdueCount(department_id=d, as_of=today) for d in ids], ignore_conflicts=True)
        list(OverdueCount.objects.select_for_update().filter(department_id__in=ids).values_list("id"))
        expected = recount(today, ids)
        OverdueCount.objects.filter(department_id__in=ids).update(as_of=today, open_yellow=0, open_red=0)
        for department_id, codes in expected.items():
            OverdueCount.objects.filter(department_id=department_id).update(**codes)
    return expected


def verify(*, write: bool, today: date | None = None) -> list[dict]:
    """The kept rows against a recount as of today ({"department_id", "code", "kept", "recomputed"} each);
    with write=True the recount replaces them."""
    from oa.usage.services.rollup import differences

    today = today or timezone.localdate()
    kept = counts(today=today)
    expected = recount(today)
    flat = lambda values: {(d, c): n for d, codes in values.items() for c, n in codes.items() if n}  # noqa: E731
    diffs = differences(flat(expected), flat(kept))
    if write and diffs:
        resync(today=today)
    return diffs
