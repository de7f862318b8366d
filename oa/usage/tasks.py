"""Background work for usage reports (django-tasks): closing a period by hand from the dashboard."""

from django_tasks import task


@task()
def usage_close_task(period: str, actor_id: int | None = None) -> dict:
    from oa.org.models import Person
    from oa.usage.periods import Period
    from oa.usage.services.reports import usage_close

    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    report, created = usage_close(period=Period.parse(period), actor=actor)
    return {"report": report.pk, "version": report.version, "created": created}
