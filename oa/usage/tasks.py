"""Background work for usage reports (django-tasks): closing a period by hand from the dashboard
(with a progress record, oa.usage.progress) or with `usage_close --enqueue`."""

from django_tasks import task


@task()
def usage_close_task(period: str, actor_id: int | None = None, job: str | None = None) -> dict:
    from django.core.exceptions import PermissionDenied, ValidationError

    from oa.core.exceptions import Conflict
    from oa.core.messages import error_text
    from oa.org.models import Person
    from oa.usage import progress
    from oa.usage.periods import Period
    from oa.usage.services.reports import close_period

    actor = Person.objects.filter(pk=actor_id).first() if actor_id else None
    with progress.running(job):
        progress.stage("figures")
        try:
            report, created = close_period(period=Period.parse(period), actor=actor)
        except (PermissionDenied, ValidationError, Conflict, ValueError) as exc:
            message = str(exc) if isinstance(exc, ValueError) else error_text(exc)
            if job:
                progress.update(job, "failed", error=message)
                return {"error": message}
            raise
        except Exception:
            if job:
                progress.update(job, "failed", error="生成失败，请联系系统管理员查看日志。")
            raise
        result = {"report": report.pk, "number": report.number, "version": report.version, "created": created}
        if job:
            progress.update(job, "done", **result)
    return result
