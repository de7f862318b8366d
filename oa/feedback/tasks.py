"""Background work for feedback tickets (django-tasks): calling services only."""

from django_tasks import task

from oa.feedback.services.flow import tickets_auto_confirm
from oa.feedback.services.watch import tickets_sla_check


@task()
def ticket_sla_task() -> dict:
    """Warnings, escalations and automatic confirmations due now."""
    result = tickets_sla_check().as_dict()
    result["auto_confirmed"] = tickets_auto_confirm()
    return result
