"""Every read of deliveries (收文), scoped to the person asking; lists use keyset pagination."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from documents.incoming.models import DeliveryState
from documents.incoming.permissions import ACTION_LABELS, DELIVERY_FLOW, is_supervisor
from documents.models import (
    Assist,
    Attachment,
    Circulation,
    Delivery,
    DeliveryStep,
    LeaderTurn,
    Reading,
    Recipient,
)
from oa.core.pagination import Page, keyset, page_of
from oa.core.params import whole_number

D = DeliveryState


# The states in which a 传阅 reader may write on a delivery (the table's 阅批 rows).
READ_STATES = {state for state, rows in DELIVERY_FLOW.table.items() if any("remark" in row.actions for row in rows)}


def deliveries_visible_to(person):
    if not person.is_authenticated:
        return Delivery.objects.none()
    if is_supervisor(person):
        return Delivery.objects.all()
    reader = Reading.objects.filter(circulation__delivery=OuterRef("pk"), reader=person)
    return Delivery.objects.filter(
        Q(department_id=person.department_id) | Q(document__drafting_department_id=person.department_id)
        | Q(transferred_from__department_id=person.department_id) | Exists(reader)
    )


def delivery_for(person, delivery_id, *, for_update: bool = False) -> Delivery:
    deliveries = deliveries_visible_to(person)
    if for_update:
        # Only the delivery's row is locked; its department comes with it for the ledger's description of it.
        deliveries = deliveries.select_for_update(of=("self",)).select_related("department")
    else:
        deliveries = deliveries.select_related("document", "department", "assignee", "signed_by")
    return get_object_or_404(deliveries, pk=delivery_id)


def delivery_page(person, delivery_id) -> Delivery:
    """One delivery with everything its page and its API answer show: the leaders' turns (written ones
    in the order they were written), the 协办, the circulations with their readings, the proposal."""
    deliveries = deliveries_visible_to(person).select_related(
        "document", "department", "assignee", "signed_by", "proposed_assignee", "proposed_by", "transferred_to",
        "transferred_from__department",
    ).prefetch_related(
        Prefetch("leader_turns", LeaderTurn.objects.select_related("person").order_by(
            F("done_at").asc(nulls_last=True), "round", "id")),
        Prefetch("assists", Assist.objects.select_related("person").order_by("-lead", "id")),
        Prefetch("circulations", Circulation.objects.select_related("sender").prefetch_related("readings__reader")),
        "proposed_assistants",
    )
    return get_object_or_404(deliveries, pk=delivery_id)


def handwriting_png(person, delivery_id, kind: str, row_id) -> bytes:
    """A handwritten 批示 — a leader's turn (`turn`) or a reader's (`reading`) — for whoever may see the
    delivery (404 otherwise, and for a row without one)."""
    delivery = delivery_for(person, delivery_id)
    if kind == "turn":
        rows = delivery.leader_turns.all()
    elif kind == "reading":
        rows = Reading.objects.filter(circulation__delivery=delivery)
    else:
        raise Http404
    return bytes(get_object_or_404(rows.exclude(signature_png=None), pk=row_id).signature_png)


def with_flow_rows(rows: list[Delivery]) -> list[Delivery]:
    """What the workflow table's rules read from a delivery's related rows, fetched for a whole list at once
    and only where a row can need it — the leaders' turns of rows with leaders, the 承办 rows of rows in hand,
    the readings of rows a 传阅 reader may write on: a list that shows the steps each person may take (the
    API's available_transitions) asks the table once per row."""
    prefetch_related_objects([d for d in rows if d.state == D.PROPOSED], "leader_turns")
    prefetch_related_objects([d for d in rows if d.state == D.HANDLING], "assists")
    prefetch_related_objects([d for d in rows if d.state in READ_STATES], "circulations__readings")
    return rows


@dataclass(frozen=True)
class InboxFilter:
    state: str = ""
    urgency: str = ""
    q: str = ""
    since: date | None = None
    until: date | None = None


def _filtered(deliveries, criteria: InboxFilter):
    if criteria.state:
        deliveries = deliveries.filter(state=criteria.state)
    if criteria.urgency:
        deliveries = deliveries.filter(urgency=criteria.urgency)
    if criteria.q:
        # Substring search (Chinese has no spaces for a word index to split on), always inside the
        # department's or person's own rows, so it never scans the whole city.
        deliveries = deliveries.filter(
            Q(title__icontains=criteria.q) | Q(sender_number__icontains=criteria.q) | Q(sender_name__icontains=criteria.q)
            | Q(document__body__icontains=criteria.q)
        )
    if criteria.since:
        deliveries = deliveries.filter(sent_at__date__gte=criteria.since)
    if criteria.until:
        deliveries = deliveries.filter(sent_at__date__lte=criteria.until)
    return deliveries


def _register(person):
    """The department's deliveries with what the register's columns print, in the same query: 主办, 签收人,
    转办 unit, the number of the document's attachments and the day it was archived (归卷日期)."""
    attachments = Attachment.objects.filter(document_id=OuterRef("document_id")).order_by().values("document_id")
    archived = DeliveryStep.objects.filter(delivery=OuterRef("pk"), action=ACTION_LABELS["archive"]).order_by("-at", "-id")
    return Delivery.objects.filter(department_id=person.department_id).select_related(
        "assignee", "signed_by", "transferred_to").annotate(
        attachment_count=Subquery(attachments.annotate(n=Count("id")).values("n")[:1]),
        archived_at=Subquery(archived.values("at")[:1]),
    )


def register_page(person, criteria: InboxFilter, *, before=None, size=30) -> Page:
    """收文登记簿: the department's deliveries."""
    return keyset(_filtered(_register(person), criteria), before=before, size=size)


def waiting_branches(person, criteria: InboxFilter) -> list:
    """One queryset per rule of DELIVERY_FLOW that waits for the person (the inbox, the 待办 and its count)."""
    return [_filtered(Delivery.objects.filter(part), criteria)
            for part in DELIVERY_FLOW.waiting_parts(person, merge_states=True)]


def waiting_ids(person, criteria: InboxFilter, *, before: int | None = None, limit: int) -> list[int]:
    """The newest `limit` ids waiting for the person (also the capped count for the badge): one
    condition per rule of DELIVERY_FLOW that waits for them, each of which one index answers
    (department + state, or assignee + state)."""
    ids: set[int] = set()
    for branch in waiting_branches(person, criteria):
        if before:
            branch = branch.filter(id__lt=before)
        ids.update(branch.order_by("-id").values_list("id", flat=True)[:limit])
    return sorted(ids, reverse=True)[:limit]


def deliveries_waiting_for(person, criteria: InboxFilter | None = None, *, before=None, size=30) -> Page:
    """Newest first. One short indexed query per condition (at most four), merged here, instead of
    one OR that no index serves: at 1.5M deliveries that is a few index range reads, not a scan.
    (SQLite allows no LIMIT inside a UNION, so the merge happens in Python.)"""
    ids = waiting_ids(person, criteria or InboxFilter(), before=whole_number(before), limit=size + 1)
    return page_of(list(Delivery.objects.filter(pk__in=ids).select_related("assignee").order_by("-id")), size=size)


def handled_by(person, *, before=None, size=30) -> Page:
    """已办: deliveries this person took a step on, newest first."""
    done = DeliveryStep.objects.filter(delivery=OuterRef("pk"), actor=person)
    return keyset(Delivery.objects.filter(Exists(done)).select_related("assignee"), before=before, size=size)


def readings_waiting_for(person, *, before=None, size=30) -> Page:
    readings = Reading.objects.filter(reader=person, read_at__isnull=True, recalled=False).select_related(
        "circulation__delivery", "circulation__sender"
    )
    return keyset(readings, before=before, size=size)


def register_rows(person, criteria: InboxFilter, *, limit: int):
    """The department's register in 收文号 order, for export (bounded)."""
    return _filtered(_register(person), criteria).order_by("register_year", "register_seq", "id")[:limit].iterator(chunk_size=1000)


def overdue_deliveries(person, *, limit: int = 100) -> list[Delivery]:
    """Open deliveries past their due date, most overdue first: every department for a supervisor,
    the person's own otherwise (电子监察)."""
    from django.utils import timezone

    from documents.incoming.services.supervision import OPEN_STATES

    late = Delivery.objects.filter(state__in=OPEN_STATES, due_date__lt=timezone.localdate())
    if not is_supervisor(person):
        late = late.filter(department_id=person.department_id)
    return list(late.select_related("department", "assignee").order_by("due_date", "id")[:limit])


def deliveries_for_sheets(person, ids: list[int], *, for_render: bool = False) -> list[Delivery]:
    """The deliveries of `ids` the person may see, in the order asked, with everything their 收文处理笺
    prints loaded in a fixed number of queries (documents.incoming.sheet). Ids not visible are left
    out: the caller answers 404 when any is missing. `for_render`: also what the sent document's PDF reads
    (its body, issuer, signer and recipients), so one read serves the 处理笺 and the PDF (the 归档 step)."""
    written = Reading.objects.filter(~Q(kind="") | ~Q(text="")).select_related("reader").order_by("written_at", "id")
    rows = deliveries_visible_to(person).filter(pk__in=[pk for pk in ids if whole_number(pk) is not None])
    if for_render:
        rows = rows.select_related("document__issuing_department", "document__signer").prefetch_related(
            Prefetch("document__recipient_rows", queryset=Recipient.objects.select_related("department")))
    else:
        rows = rows.defer("document__body")
    rows = (
        rows.select_related("department", "document", "proposed_by", "assignee", "transferred_to",
                            "transferred_from__department")
        .prefetch_related(
            Prefetch("leader_turns", to_attr="done_turns", queryset=LeaderTurn.objects.filter(
                done_at__isnull=False).select_related("person").order_by("done_at", "id")),
            Prefetch("assists", queryset=Assist.objects.select_related("person").order_by("id")),
            Prefetch("circulations", queryset=Circulation.objects.order_by("id").prefetch_related(
                Prefetch("readings", queryset=written, to_attr="written"))),
            Prefetch("document__attachments", queryset=Attachment.objects.order_by("id")),
        )
    )
    found = {delivery.pk: delivery for delivery in rows}
    return [found[pk] for pk in ids if pk in found]
