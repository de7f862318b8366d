"""What the notices module gives the half-month usage report (oa.usage looks this function up).

Counted per department over [start, end) (aware datetimes):

* ``notices_due`` — read receipts (``NoticeRead``, one per person in the audience) of the notices
  published in the window (``Notice.published_at`` in [start, end), whatever happened to the notice
  afterwards), counted for the person's department as recorded on the receipt (the person's
  current department when the receipt has none);
* ``notices_read`` — those of them opened before the end of the window (``opened_at`` < end). Reading
  after the window does not count for it, so a closed period's figure does not drift afterwards and
  ``usage_rebuild`` reproduces what ``usage_close`` froze.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from notices.models import NoticeRead


def usage_counts(*, start, end) -> dict[int, dict[str, int]]:
    rows = (NoticeRead.objects.filter(notice__published_at__gte=start, notice__published_at__lt=end)
            .annotate(unit=Coalesce("department_id", "person__department_id")).filter(unit__isnull=False)
            .values("unit").annotate(due=Count("id"), read=Count("id", filter=Q(opened_at__lt=end))).order_by())
    return {row["unit"]: {"notices_due": row["due"], "notices_read": row["read"]} for row in rows}
