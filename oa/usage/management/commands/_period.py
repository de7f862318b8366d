from django.core.management.base import CommandError

from oa.usage.periods import Period


def period_arg(value: str | None, *, default_previous: bool) -> Period:
    if not value:
        current = Period.current()
        return current.previous() if default_previous else current
    try:
        return Period.parse(value)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
