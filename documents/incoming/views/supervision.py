"""电子监察: overdue and at-risk deliveries by department, live (re-fetched on hints and every minute)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from documents.incoming.permissions import is_supervisor, may_watch_supervision
from documents.incoming.selectors import overdue_deliveries
from documents.incoming.services.supervision import supervision_figures
from documents.incoming.views.grades import with_grades


def supervision_page(request):
    person = request.user
    if not may_watch_supervision(person):
        raise PermissionDenied
    everyone = is_supervisor(person)
    figures = supervision_figures()
    if not everyone:
        figures = [f for f in figures if f["department_id"] == person.department_id]
    late = with_grades(overdue_deliveries(person))
    template = "documents/supervision_body.html" if request.headers.get("HX-Request") else "documents/supervision.html"
    return render(request, template, {"figures": figures, "late": late, "everyone": everyone})
