"""电子监察: overdue and at-risk deliveries by department, live (re-fetched on hints and every minute)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from documents.delivery_permissions import is_supervisor
from documents.services.supervision import OPEN_STATES, supervision_figures
from documents.views.grades import with_grades
from oa.org.choices import Role


def supervision_page(request):
    person = request.user
    everyone = is_supervisor(person)
    if not (everyone or person.has_role(Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD)):
        raise PermissionDenied
    figures = supervision_figures()
    if not everyone:
        figures = [f for f in figures if f["department_id"] == person.department_id]
    from documents.models import Delivery

    late = Delivery.objects.filter(state__in=OPEN_STATES, due_date__lt=timezone.localdate())
    if not everyone:
        late = late.filter(department_id=person.department_id)
    late = with_grades(list(late.select_related("department", "assignee").order_by("due_date", "id")[:100]))
    template = "documents/supervision_body.html" if request.headers.get("HX-Request") else "documents/supervision.html"
    return render(request, template, {"figures": figures, "late": late, "everyone": everyone})
