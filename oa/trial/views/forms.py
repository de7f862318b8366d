"""What every trial page does with a form that did not validate."""

from __future__ import annotations

from django.contrib import messages

from oa.core.messages import attempt


def show_form_errors(request, form) -> None:
    errors = [f"{form.fields[f].label if f in form.fields else ''}：{e}" if f != "__all__" else e
              for f, es in form.errors.items() for e in es]
    messages.error(request, "；".join(errors))


def submit_form(request, form, step, *, failed: str, done):
    """A posted form run as one page step: valid → `step(cleaned_data)` through `attempt` (its result, or
    None when refused); not valid → its errors shown as a message (None)."""
    if not form.is_valid():
        show_form_errors(request, form)
        return None
    return attempt(request, lambda: step(form.cleaned_data), failed=failed, done=done)
