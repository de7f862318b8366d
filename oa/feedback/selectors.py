"""Every read of feedback tickets, scoped to the person asking. Not visible = does not exist (404)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import timezone

from oa.core.pagination import Page, keyset
from oa.core.params import whole_number
from oa.feedback.choices import Category, Severity, TicketState
from oa.feedback.models import Ticket, TicketEntry
from oa.feedback.permissions import TICKET_FLOW, is_contact, is_handler
from oa.feedback.worktime import working_minutes_between

S = TicketState


def tickets_visible_to(person):
    """Everything for the information center; otherwise the person's own tickets (reported by or for
    them) and, for a department contact, every ticket of their department."""
    if not person.is_authenticated:
        return Ticket.objects.none()
    if is_handler(person):
        return Ticket.objects.all()
    condition = Q(reporter_id=person.pk) | Q(reported_by_id=person.pk)
    if is_contact(person):  # the department's 专人 (or its clerks where none is named)
        condition |= Q(department_id=person.department_id)
    return Ticket.objects.filter(condition)


def ticket_for(person, ticket_id, *, for_update: bool = False) -> Ticket:
    tickets = tickets_visible_to(person)
    if for_update:
        ticket = tickets.select_for_update(of=("self",)).filter(pk=ticket_id).first()
    else:
        ticket = tickets.select_related("reporter", "reported_by", "department", "assignee", "accepted_by",
                                        "merged_into").filter(pk=ticket_id).first()
    if ticket is None:
        raise Http404
    return ticket


def ticket_thread(ticket) -> list[TicketEntry]:
    return list(ticket.entries.order_by("at", "id"))


# --- lists --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TicketFilter:
    state: str = ""
    severity: str = ""
    category: str = ""
    department: int | None = None
    open_only: bool = False

    @classmethod
    def from_params(cls, params) -> TicketFilter:
        department = params.get("department", "")
        return cls(
            state=params.get("state", "") if params.get("state", "") in S.values else "",
            severity=params.get("severity", "") if params.get("severity", "") in Severity.values else "",
            category=params.get("category", "") if params.get("category", "") in Category.values else "",
            department=whole_number(department),
            open_only=params.get("open", "") in ("1", "true"),
        )


def _filtered(tickets, criteria: TicketFilter):
    if criteria.state:
        tickets = tickets.filter(state=criteria.state)
    elif criteria.open_only:
        tickets = tickets.filter(state__in=(S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS))
    if criteria.severity:
        tickets = tickets.filter(severity=criteria.severity)
    if criteria.category:
        tickets = tickets.filter(category=criteria.category)
    if criteria.department:
        tickets = tickets.filter(department_id=criteria.department)
    return tickets


def ticket_list(person, criteria: TicketFilter | None = None, *, before=None, size: int = 30) -> Page:
    """The person's visible tickets, newest first (keyset on id). Two queries whatever the data."""
    tickets = _filtered(tickets_visible_to(person), criteria or TicketFilter())
    return keyset(tickets.select_related("reporter", "department", "assignee"), before=before, size=size)


SEVERITY_ORDER = Case(When(severity=Severity.URGENT, then=Value(0)), When(severity=Severity.NORMAL, then=Value(1)),
                      default=Value(2), output_field=IntegerField())


def console_queue(person, criteria: TicketFilter | None = None, *, size: int = 200) -> list[Ticket]:
    """The information center's queue: open tickets (or the chosen state) by severity, then oldest
    first. Bounded: open tickets are few; a state filter on closed ones shows the newest `size`."""
    if not is_handler(person):
        return []
    criteria = criteria or TicketFilter()
    tickets = _filtered(Ticket.objects.all(), criteria).select_related("reporter", "department", "assignee")
    if not criteria.state:
        tickets = tickets.filter(state__in=(S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS))
        return list(tickets.annotate(severity_rank=SEVERITY_ORDER).order_by("severity_rank", "created_at", "id")[:size])
    if criteria.state in (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS):
        return list(tickets.annotate(severity_rank=SEVERITY_ORDER).order_by("severity_rank", "created_at", "id")[:size])
    return list(tickets.order_by("-id")[:size])


def untaken(waiting, *, limit: int) -> list[Ticket]:
    """Tickets nobody has accepted yet (`waiting`: TICKET_FLOW's filter for 已提交), most severe, oldest first."""
    return list(Ticket.objects.filter(waiting).select_related("department")
                .annotate(severity_rank=SEVERITY_ORDER).order_by("severity_rank", "created_at", "id")[:limit])


def awaiting_confirmation(person, *, limit: int) -> list[Ticket]:
    """Resolved tickets the person reported (or filed for someone), waiting for their 确认."""
    waiting = TICKET_FLOW.waiting_in(person, S.RESOLVED) if person.is_authenticated else None
    if waiting is None:
        return []
    return list(Ticket.objects.filter(waiting).order_by("-id")[:limit])  # counted by todo.confirm_counter


def merge_candidates(ticket, *, limit: int = 50) -> list[Ticket]:
    """Open tickets a duplicate may be merged into: not itself, not merged."""
    return list(Ticket.objects.filter(state__in=(S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED))
                .exclude(pk=ticket.pk).select_related("department").order_by("-id")[:limit])


def known_problems(*, limit: int = 50) -> list[Ticket]:
    """Resolved and confirmed tickets, newest resolution first: the known-problems list."""
    return list(Ticket.objects.filter(state__in=(S.RESOLVED, S.CONFIRMED))
                .select_related("department", "reporter", "assignee").order_by("-resolved_at", "-id")[:limit])


# --- the page a ticket was reported from -----------------------------------------------------------

@dataclass(frozen=True)
class PageContext:
    url: str = ""
    label: str = ""
    document: object = None
    delivery: object = None
    title: str = ""
    state: str = ""


PAGE_LABELS = {
    "todo": "待办", "documents": "发文列表", "document-new": "拟写公文", "document-detail": "发文", "document-edit": "修改公文",
    "inbox": "收文列表", "delivery-detail": "收文", "notices": "通知公告", "notice-detail": "通知公告",
    "supervision": "督办", "feedback": "问题反馈",
}


def page_context(person, url: str) -> PageContext:
    """What the reporting form knows of the page it was opened from: the page, and when it is a 公文
    (发文 /documents/<id>/… or 收文 /inbox/<id>/…) that the person may see, its id, title and state.
    Anything else — another site, a page that does not resolve, a document not visible — is kept as
    the bare path at most."""
    url = (url or "").strip()[:500]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return PageContext()
    path = parts.path
    try:
        match = resolve(path)
    except Resolver404:
        return PageContext(url=path)
    label = PAGE_LABELS.get(match.url_name or "", "")
    pk = match.kwargs.get("pk")
    if pk is None:
        return PageContext(url=path, label=label)
    route = match.route or ""
    if route.startswith("documents/"):
        from documents.selectors import documents_visible_to

        document = documents_visible_to(person).filter(pk=pk).first()
        if document is not None:
            return PageContext(url=path, label=label or "发文", document=document, title=document.title,
                               state=document.get_state_display())
    elif route.startswith("inbox/"):
        from documents.incoming.selectors import deliveries_visible_to

        delivery = deliveries_visible_to(person).filter(pk=pk).first()
        if delivery is not None:
            return PageContext(url=path, label=label or "收文", delivery=delivery, document=delivery.document,
                               title=delivery.title, state=delivery.get_state_display())
    return PageContext(url=path, label=label)


# --- figures for the half-month report (issue 8) ---------------------------------------------------

@dataclass(frozen=True)
class FigureRow:
    department_id: int | None
    department: str
    category: str
    category_label: str
    reported: int
    resolved: int
    median_minutes: int | None  # working minutes from filing to 已解决, median over those resolved


def _bounds(start: date | datetime, end: date | datetime) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()

    def moment(value, *, end_of_day: bool):
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else timezone.make_aware(value, zone)
        day = value + timedelta(days=1) if end_of_day else value
        return timezone.make_aware(datetime.combine(day, time()), zone)

    return moment(start, end_of_day=False), moment(end, end_of_day=True)


def ticket_figures(department=None, start: date | datetime | None = None, end: date | datetime | None = None) -> list[FigureRow]:
    """Faults and other feedback per department and per category for a period — what the half-month
    usage report (issue 8) shows.

    `department`: a Department, its id, or None for every department. `start`/`end`: dates (both
    days included, local time) or aware datetimes ([start, end)). For each (department, category):
    `reported` — tickets filed in the period (merged duplicates excluded); `resolved` — tickets whose
    resolution (已解决) fell in the period; `median_minutes` — the median working minutes from filing
    to resolution of those resolved. Rows are in department order, then category order.
    """
    today = timezone.localdate()
    lower, upper = _bounds(start or today.replace(day=1), end or today)
    tickets = Ticket.objects.all()
    if department is not None:
        tickets = tickets.filter(department_id=getattr(department, "pk", department))
    filed = (tickets.filter(created_at__gte=lower, created_at__lt=upper).exclude(state=S.MERGED)
             .values_list("department_id", "category"))
    done = (tickets.filter(resolved_at__gte=lower, resolved_at__lt=upper)
            .values_list("department_id", "category", "created_at", "resolved_at"))
    reported: dict[tuple, int] = {}
    for key in filed:
        reported[key] = reported.get(key, 0) + 1
    durations: dict[tuple, list[int]] = {}
    for dept, category, created, resolved in done:
        durations.setdefault((dept, category), []).append(working_minutes_between(created, resolved))
    keys = set(reported) | set(durations)
    from oa.org.models import Department

    departments = {d.pk: d for d in Department.objects.filter(pk__in={k[0] for k in keys})}
    order = {value: i for i, value in enumerate(Category.values)}
    rows = [
        FigureRow(dept, departments[dept].name if dept in departments else "", category, Category(category).label,
                  reported.get((dept, category), 0), len(durations.get((dept, category), [])),
                  int(statistics.median(durations[(dept, category)])) if durations.get((dept, category)) else None)
        for dept, category in keys
    ]
    rows.sort(key=lambda r: (departments[r.department_id].sort_order if r.department_id in departments else 0,
                             r.department_id or 0, order.get(r.category, 99)))
    return rows


def handlers():
    from oa.feedback.permissions import HANDLER_ROLES
    from oa.org.models import Person

    return Person.objects.filter(is_active=True, role_grants__role__in=HANDLER_ROLES).distinct().order_by("id")


def colleagues_of(person):
    """Whom a department contact may report for: the active people of their department."""
    from oa.org.models import Person

    return Person.objects.filter(is_active=True, department_id=person.department_id).order_by("id")
