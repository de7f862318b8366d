"""What the trial module gives the half-month usage report (oa.usage looks this function up).

Counted per department over [start, end) (aware datetimes):

* ``paper_required`` — paper requirements (not the exempt urgent ones) whose online delivery was
  dispatched in the window (``Delivery.sent_at``), counted for the SENDING department (the one that
  owes the paper copy);
* ``paper_parallel`` — those of them whose paper copy has gone out: state 纸质件已送出 (sent) or
  纸质件已确认 (confirmed — including paper that arrived before the sender recorded it), sent
  (``sent_on``) or received (``received_on``) on a day up to the end of the window — so a closed
  period's figure does not change when late paper is recorded afterwards;
* ``paper_only`` — classified paper-only items (“三密”件, ``PaperOnlyItem.count`` summed) RECEIVED by
  the department on a day in the window (only the receiving side: counting both directions would count
  an item twice when both clerks register it). Shown as a count; it is no part of 使用率 (score v2):
  a “三密”件 must never go online, so receiving one on paper is no shortfall.

``usage_items`` lists, for one department, the paper-only items behind ``paper_only`` (date,
counterpart and count — all a paper-only item has) and the requirements behind a 纸质同步合规率 below
100 % (``paper``: required in the window, paper not gone out by its end) — the drill-down.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from oa.trial.choices import ItemDirection, PaperState
from oa.trial.models import PaperOnlyItem, PaperRequirement

CODES = ("paper_required", "paper_parallel", "paper_only")


def day_range(start, end):
    """[first day, day after the last) in local dates covering [start, end): a window starting or
    ending inside a day includes that day."""
    first = timezone.localtime(start).date()
    local_end = timezone.localtime(end)
    after = local_end.date() + (timedelta(days=1) if local_end.time() != local_end.time().min else timedelta(0))
    return first, after


def usage_counts(*, start, end) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}

    def entry(department_id):
        return counts.setdefault(department_id, dict.fromkeys(CODES, 0))

    first, after = day_range(start, end)
    went_out = _went_out(after)
    required = (PaperRequirement.objects.filter(delivery__sent_at__gte=start, delivery__sent_at__lt=end)
                .exclude(state=PaperState.EXEMPT).values("sender_department_id")
                .annotate(required=Count("id"), parallel=Count("id", filter=went_out)).order_by())
    for row in required:
        entry(row["sender_department_id"]).update(paper_required=row["required"], paper_parallel=row["parallel"])

    items = (PaperOnlyItem.objects.filter(direction=ItemDirection.RECEIVED, on_date__gte=first, on_date__lt=after)
             .values("department_id").annotate(n=Sum("count")).order_by())
    for row in items:
        entry(row["department_id"])["paper_only"] = row["n"] or 0
    return counts


def _went_out(after) -> Q:
    return Q(state__in=[PaperState.SENT, PaperState.CONFIRMED]) & (Q(sent_on__lt=after) | Q(received_on__lt=after))


def usage_items(*, department_id: int, start, end, limit: int = 200) -> dict[str, list[dict]]:
    first, after = day_range(start, end)
    missing = (PaperRequirement.objects.filter(sender_department_id=department_id, delivery__sent_at__gte=start,
                                               delivery__sent_at__lt=end).exclude(state=PaperState.EXEMPT)
               .exclude(_went_out(after)).select_related("delivery", "receiving_department")
               .order_by("dispatched_on", "id")[:limit])
    rows = (PaperOnlyItem.objects.filter(department_id=department_id, direction=ItemDirection.RECEIVED,
                                         on_date__gte=first, on_date__lt=after)
            .select_related("counterpart").order_by("on_date", "id")[:limit])
    return {"paper_only": [{"on_date": r.on_date, "counterpart": r.counterpart.short_name, "count": r.count}
                           for r in rows],
            "paper": [{"requirement": r.pk, "delivery": r.delivery_id, "title": r.delivery.title,
                       "receiver": r.receiving_department.short_name, "dispatched_on": r.dispatched_on,
                       "state": r.get_state_display()} for r in missing]}
