"""Background work for documents (django-tasks): queued on commit, calling services only."""

from django_tasks import task

from documents.incoming.services.supervision import chase_due


@task()
def chase_overdue_task() -> int:
    return chase_due()
