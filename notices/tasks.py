"""Background work for notices (django-tasks): calling services only."""

from django_tasks import task

from notices.services.flow import notices_expire_due


@task()
def expire_notices_task() -> int:
    return notices_expire_due()
