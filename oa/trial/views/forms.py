"""What every trial page does with a form that did not validate."""

from __future__ import annotations

from django.contrib import messages


def show_form_errors(request, form) -> None:
    errors = [f"{form.fields[f].label if f in form.fields else ''}：{e}" if f != "__all__" else e
              for f, es in form.errors.items() for e in es]
    messages.error(request, "；".join(errors))
