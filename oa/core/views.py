from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from oa.core.todo import todo_sources


def todo_list(request):
    return render(request, "core/todo.html", {"sources": todo_sources(request.user, limit=50)})


def todo_badge(request):
    """The to-do badge as an HTML fragment, re-fetched when the live socket says it changed."""
    return render(request, "core/todo_badge.html")


@login_not_required
def healthz(request):
    """For nginx / systemd health checks: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
