"""Every read of documents, scoped to the person asking. Not visible = does not exist (404)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404

from documents.choices import DocumentState
from documents.models import (
    ApprovalStep,
    Countersign,
    Delivery,
    Document,
    IssuedNumber,
    JointIssuer,
    Recipient,
)
from documents.permissions import AUTHORITY_ANNOTATION, authority_for, remember_authority
from oa.core.pagination import Page, keyset
from oa.core.params import whole_number
from oa.org.choices import SeriesKind
from oa.org.models import NumberSeries

S = DocumentState
DELIVERED = (S.DISPATCHED, S.ARCHIVED)


def documents_visible_to(person):
    """The drafting department, the co-issuing organs of a joint document (联合行文), everyone who
    took or was asked to take a step, and — once dispatched — the receiving departments."""
    if not person.is_authenticated:
        return Document.objects.none()
    took_step = ApprovalStep.objects.filter(document=OuterRef("pk"), actor=person)
    countersigner = Countersign.objects.filter(document=OuterRef("pk"), person=person)
    received = Delivery.objects.filter(document=OuterRef("pk"), department_id=person.department_id)
    co_issuer = JointIssuer.objects.filter(document=OuterRef("pk"), department_id=person.department_id)
    return Document.objects.filter(
        Q(drafting_department_id=person.department_id)
        | (Q(joint=True) & Exists(co_issuer))
        | Exists(took_step)
        | Exists(countersigner)
        | (Q(state__in=DELIVERED) & Exists(received))
    )


def document_for(person, document_id, *, for_update: bool = False, for_render: bool = False) -> Document:
    """The document if `person` may see it, else 404. `for_render`: only the relations a PDF/DOCX and its
    render key read (recipients, attachments; not the 会签 rows the page shows), for the file downloads."""
    documents = documents_visible_to(person)
    if person.is_authenticated:  # a 分管领导's 签发授权 for this document, read with it (documents/permissions.py);
        # asked of everyone (a subquery on an index), since asking the person's roles first could cost a query
        documents = documents.annotate(**{AUTHORITY_ANNOTATION: Subquery(authority_for(person))})
    if for_update:
        # One query: the visible row, locked (only the document's own row) until the transaction ends.
        document = get_object_or_404(documents.select_for_update(of=("self",)), pk=document_id)
        remember_authority(document, person)
        return document
    relations = [Prefetch("recipient_rows", queryset=Recipient.objects.select_related("department")), "attachments"]
    if not for_render:
        relations.append(
            Prefetch("countersigns", queryset=Countersign.objects.select_related("person", "person__department")))
    shown = documents.select_related("drafter", "drafting_department", "issuing_department", "signer").prefetch_related(
        *relations)
    document = get_object_or_404(shown, pk=document_id)
    remember_authority(document, person)
    return document


def document_trail(document):
    return document.steps.select_related("department", "authority__grantor").order_by("at", "id")


def document_page(person, *, scope: str = "department", state: str = "", before=None, size: int = 30) -> Page:
    """Keyset page of documents for the lists: newest first, `before=<id>` for the next page."""
    documents = documents_visible_to(person).select_related("drafter", "drafting_department")
    if scope == "mine":
        documents = documents.filter(drafter=person)
    elif scope == "department":
        documents = documents.filter(drafting_department_id=person.department_id)
    if state:
        documents = documents.filter(state=state)
    return keyset(documents, before=before, size=size)


def register_series(person) -> list[NumberSeries]:
    """The series whose 发文字号登记簿 the person reads: their organ's, the joint ones it shares included,
    stopped ones too (their numbers stay on record); 文件 first, then 函, 纪要, 联合, active before stopped."""
    if not person.department_id:
        return []
    rows = NumberSeries.objects.filter(organs=person.department_id)
    return sorted(rows, key=lambda s: (SeriesKind.values.index(s.kind), not s.is_active, s.code))


def register_chosen(series: list[NumberSeries], wanted) -> NumberSeries | None:
    """The series asked for (?series=<id>) if it is one of `series`, else the first (the 文件 series): an
    id that is not one of theirs reads as no choice, like a year out of range."""
    wanted = whole_number(wanted)
    return next((s for s in series if s.pk == wanted), series[0] if series else None)


def number_register(person, *, year: int, series: NumberSeries | None = None):
    """One series' 发文字号 register: every number, issued or voided, in numeric order. `series` is one of
    register_series(person) (by default the first); a person of no organ has none."""
    series = series or register_chosen(register_series(person), None)
    if series is None:
        return IssuedNumber.objects.none()
    return IssuedNumber.objects.filter(code=series.code, year=year).select_related("document").order_by("seq")


def recipients_of(document, kind: str) -> list:
    return [row.department for row in document.recipient_rows.all() if row.kind == kind]


def documents_for_sheets(person, ids: list[int], *, for_render: bool = False) -> list[Document]:
    """The documents of `ids` the person may see, in the order asked, with what their 发文稿纸 prints
    (documents.rendering.draft_sheet) loaded in a fixed number of queries. Ids not visible are left out.
    `for_render`: also what the PDF reads (the body and the signer), so one read serves the 稿纸 and the
    dispatched PDF (the 归档 step, oa.archives.sources)."""
    rows = documents_visible_to(person).filter(pk__in=[pk for pk in ids if whole_number(pk) is not None])
    rows = rows.select_related("drafter", "signer") if for_render else rows.select_related("drafter").defer("body")
    rows = (
        rows.select_related("drafting_department", "issuing_department")
        .prefetch_related(
            Prefetch("recipient_rows", queryset=Recipient.objects.select_related("department").order_by("position", "id")),
            Prefetch("countersigns", queryset=Countersign.objects.select_related("person", "person__department").order_by("id")),
            Prefetch("steps", queryset=ApprovalStep.objects.select_related("department").order_by("at", "id")),
            "attachments",
        )
    )
    found = {document.pk: document for document in rows}
    return [found[pk] for pk in ids if pk in found]
