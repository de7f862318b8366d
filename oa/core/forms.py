"""Form helpers shared by every app."""

from collections.abc import Callable
from datetime import date, datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from oa.core.exceptions import Conflict
from oa.core.params import whole_number


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            css = "form-check-input" if kind in ("checkbox", "radio") else "form-select" if kind == "select" else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def form_save(request, form, save: Callable, *, done: str):
    """On a POST whose form is valid, run `save()` (a service call reading `form.cleaned_data`): a
    conflict or a validation error becomes the form's error and returns None; success shows `done`
    and returns what `save()` returned. Not a POST, or an invalid form: None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except Conflict as exc:
        form.add_error(None, exc.message)
        return None
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, done)
    return result


# Dates a person types for office business: within this century. A wider date passes Python's own
# checks but breaks arithmetic further on (the day after 9999-12-31; the working days back from 0001).
FIRST_OFFICE_DATE = date(2000, 1, 1)
LAST_OFFICE_DATE = date(2099, 12, 31)
OFFICE_DATE_MESSAGE = "日期应在2000年1月1日至2099年12月31日之间。"


def _check_office_date(value):
    day = value.date() if isinstance(value, datetime) else value
    if day is not None and not (FIRST_OFFICE_DATE <= day <= LAST_OFFICE_DATE):
        raise ValidationError(OFFICE_DATE_MESSAGE, code="out_of_range")


class OfficeDateField(forms.DateField):
    default_validators = [_check_office_date]

    def to_python(self, value):
        # A JSON number or list is no date (DateField would call .strip() on it: a 500).
        if value not in self.empty_values and not isinstance(value, (str, date)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class OfficeDateTimeField(forms.DateTimeField):
    default_validators = [_check_office_date]


class WholeNumberChoices:
    """For a ModelMultipleChoiceField: a chosen id that is not a whole number the database can hold
    ("-5", 10**40) is an invalid choice, never a query that overflows (a 500 on SQLite)."""

    def _check_values(self, value):
        for pk in value:
            if whole_number(pk) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})
        return super()._check_values(value)


class WholeNumberChoice:
    """For a ModelChoiceField: an id that is not a whole number the database can hold is an invalid
    choice, never a query that overflows."""

    def to_python(self, value):
        if value not in self.empty_values and whole_number(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
