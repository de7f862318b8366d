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
  the department on a day in the window. Only the receiving side is counted: the usage report's
  使用率 is a receive-side share (received ÷ (received + received_paper + paper_only)), and counting
  both directions would count an item twice when both clerks register it.

``usage_items`` lists the paper-only items behind ``paper_only`` for one department (the drill-down
of the 使用率): date, counterpart and count — all a paper-only item has.
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
    went_out = Q(state__in=[PaperState.SENT, PaperState.CONFIRMED]) & (Q(sent_on__lt=after) | Q(received_on__lt=after))
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


def usage_items(*, department_id: int, start, end, limit: int = 200) -> dict[str, list[dict]]:
    first, after = day_range(start, end)
    rows = (PaperOnlyItem.objects.filter(department_id=department_id, direction=ItemDirection.RECEIVED,
                                         on_date__gte=first, on_date__lt=after)
            .select_related("counterpart").order_by("on_date", "id")[:limit])
    return {"paper_only": [{"on_date": r.on_date, "counterpart": r.counterpart.short_name, "count": r.count}
                           for r in rows]}
