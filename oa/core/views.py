from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from oa.core.todo import TO_DO, TO_READ, request_sources


def todo_list(request):
    """待办 (work to do) and 待阅 (waiting only to be read) apart, each provider asked once."""
    sources = request_sources(request, limit=50)  # the badge reuses them
    # The live hint (oa:todo-changed) fetches the lists alone; the page's frame stays.
    template = "core/todo_lists.html" if request.headers.get("HX-Request") else "core/todo.html"
    return render(request, template, {
        "to_do": [s for s in sources if s.group == TO_DO],
        "to_read": [s for s in sources if s.group == TO_READ],
    })


def todo_badge(request):
    """The to-do badge as an HTML fragment, re-fetched when the live socket says it changed."""
    return render(request, "core/todo_badge.html")


@login_not_required
def healthz(request):
    """For nginx / systemd health checks: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
