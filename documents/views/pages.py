"""发文 pages: the lists, drafting and editing, the document with its approval trail."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from documents.choices import DocumentState, RecipientKind
from documents.forms import DocumentForm, DocxImportForm
from documents.permissions import (
    ACTION_LABELS,
    IN_TURN_LABELS,
    available_actions,
    may,
    may_draft,
    may_in_turn,
)
from documents.phrases import opinion_phrases
from documents.selectors import (
    document_for,
    document_page,
    document_trail,
    number_register,
    recipients_of,
    register_chosen,
    register_series,
)
from documents.services.drafting import document_create, document_update
from documents.todo import documents_waiting_for
from oa.core.forms import form_save
from oa.core.pagination import CURSOR
from oa.core.params import whole_number, year_or_current
from oa.uploads.forms import GatedFileForm

SCOPES = {"todo": "待我办理", "mine": "我的拟稿", "department": "本单位发文"}


def document_list(request):
    scope = request.GET.get("scope") if request.GET.get("scope") in SCOPES else "todo"
    state = request.GET.get("state") if request.GET.get("state") in DocumentState.values else ""
    if scope == "todo":
        rows, next_cursor = documents_waiting_for(request.user, limit=100), None
    else:
        page = document_page(request.user, scope=scope, state=state, before=request.GET.get(CURSOR))
        rows, next_cursor = page.rows, page.next
    return render(request, "documents/list.html", {
        "rows": rows, "next_cursor": next_cursor, "scope": scope, "scopes": SCOPES, "state": state,
        "states": DocumentState.choices, "may_draft": may_draft(request.user),
    })


def _form_people(form):
    data = form.cleaned_data
    return {"main": data["main_departments"], "copy": data["copy_departments"], "countersigners": data["countersigners"],
            "co_issuers": data["co_issuers"]}


def _fields(form):
    return {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.cleaned_data}


def document_new(request):
    if not may_draft(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, department=request.user.department)
    document = form_save(request, form, lambda: document_create(actor=request.user, fields=_fields(form), **_form_people(form)),
                         done="草稿已保存。")
    if document:
        return redirect("document-detail", document.pk)
    return render(request, "documents/edit.html", {"form": form, "document": None})


def document_edit(request, pk):
    document = document_for(request.user, pk)
    if not may(request.user, "edit", document):
        raise PermissionDenied
    initial = {
        "main_departments": recipients_of(document, RecipientKind.MAIN),
        "copy_departments": recipients_of(document, RecipientKind.COPY),
        "countersigners": [row.person for row in document.countersigns.all()],
        "co_issuers": [row.department for row in document.co_issuers()],
        "version": document.version,
    }
    form = DocumentForm(request.POST or None, instance=document, initial=initial, department=document.drafting_department)
    saved = form_save(request, form, lambda: document_update(
        actor=request.user, document_id=pk, version=whole_number(request.POST.get("version")) or 0,
        fields=_fields(form), **_form_people(form)), done="草稿已保存。")
    if saved:
        return redirect("document-detail", pk)
    return render(request, "documents/edit.html", {
        "form": form, "document": document, "attachment_form": GatedFileForm(auto_id="attach_%s"), "import_form": DocxImportForm(auto_id="import_%s"),
    })


def document_detail(request, pk):
    return detail_page(request, pk)


def detail_page(request, pk, *, posted=None, status=200):
    """The document with its 办理 panel; after a refused step, `posted` holds what the person typed, drew and
    chose (documents/views/actions.py) so the panel shows it again."""
    document = document_for(request.user, pk)
    actions = [(action, ACTION_LABELS[action]) for action in available_actions(request.user, document)]
    issue = may_in_turn(request.user, "issue", document)  # 编号、用印并核发 in one click, before the single 编号
    return render(request, "documents/detail.html", {
        "document": document,
        "trail": document_trail(document),
        "actions": [("issue", IN_TURN_LABELS["issue"])] + actions if issue else actions,
        "asks_copies": issue or any(action == "seal" for action, _ in actions),
        "may_edit": may(request.user, "edit", document),
        "phrases": opinion_phrases(request.user),  # read only where the 办理 panel shows
        "main": recipients_of(document, RecipientKind.MAIN),
        "copy": recipients_of(document, RecipientKind.COPY),
        "co_issuers": document.co_issuers(),  # 联合行文 only: no query otherwise
        "posted": posted or {},
    }, status=status)


def number_register_page(request):
    year = year_or_current(request.GET.get("year"))
    series = register_series(request.user)
    chosen = register_chosen(series, request.GET.get("series"))
    return render(request, "documents/numbers.html", {
        "numbers": number_register(request.user, year=year, series=chosen), "year": year,
        "series": series, "chosen": chosen,
    })
