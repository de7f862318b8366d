"""Attach the supervision grade (预警/黄牌/红牌) to rows for display."""

from django.utils import timezone

from documents.incoming.deadlines import grade


def with_grades(rows):
    today = timezone.localdate()
    for row in rows:
        done_on = timezone.localdate(row.done_at) if getattr(row, "done_at", None) else None
        row.grade = grade(due=row.due_date, today=today, done_on=done_on) if row.due_date else ""
    return rows
