"""发文 pages: the lists, drafting and editing, the document with its approval trail."""

from django.contrib import messages
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
from documents.services.actions import document_transition
from documents.services.drafting import document_create, document_import_docx, document_update
from documents.services.flow import StepInput
from documents.todo import documents_waiting_for
from oa.core.forms import form_save
from oa.core.messages import attempt
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


def _submitting(request) -> bool:
    """保存并提交核稿: the save, then the submit step (documents.services.drafting's `submit`)."""
    return request.POST.get("then") == "submit"


def _notes(request, document) -> None:
    """What the save changed of what was typed (documents.services.drafting: document.notes)."""
    for note in getattr(document, "notes", []):
        messages.info(request, note)


def _import_upload(request, form):
    """The Word/WPS file chosen on the 拟稿 form, with its declaration (oa.uploads gate), or None. A file without
    the 承诺 or the 密级 refuses the save before anything is kept (the gate would refuse the file anyway)."""
    if request.method != "POST" or not request.FILES.get("file"):
        return DocxImportForm(auto_id="import_%s"), None
    import_form = DocxImportForm(request.POST, request.FILES, auto_id="import_%s")
    import_form.is_valid()
    gate = import_form.gate_arguments()
    if not gate["declaration_accepted"]:
        import_form.add_error("declaration_accepted", "导入 Word 文档须勾选承诺：请勾选后重新选择文件并保存。")
        form.add_error(None, "导入 Word 文档须勾选承诺（见“从 Word / WPS 文档导入正文”）。本次未保存。")
    elif not gate["declared_level"]:
        import_form.add_error("declaration_accepted", "请选择文件密级后重新选择文件并保存。")
        form.add_error(None, "导入 Word 文档须选择文件密级（见“从 Word / WPS 文档导入正文”）。本次未保存。")
    else:
        return import_form, (request.FILES["file"], gate)
    return import_form, None


def document_new(request):
    if not may_draft(request.user):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, department=request.user.department)
    import_form, upload = _import_upload(request, form)
    submit = _submitting(request)
    if request.method == "POST" and request.FILES.get("file") and upload is None:
        return render(request, "documents/edit.html", {"form": form, "document": None, "import_form": import_form})
    document = form_save(request, form, lambda: document_create(
        actor=request.user, fields=_fields(form), **_form_people(form), submit=submit and upload is None),
        done="已保存并提交核稿。" if submit and upload is None else "草稿已保存。")
    if document and upload:
        # The draft exists; its body comes from the file through the gate, then (保存并提交核稿) the submit step.
        imported = attempt(request, lambda: document_import_docx(actor=request.user, document_id=document.pk,
                                                                 upload=upload[0], gate=upload[1]),
                           failed="草稿已保存，但正文未能从 Word 导入", done="已从 Word 文档导入正文。")
        if imported is None:
            return redirect("document-edit", document.pk)
        if submit and attempt(request, lambda: document_transition(actor=request.user, document_id=document.pk,
                                                                   action="submit", step=StepInput()),
                              failed="草稿已保存，但未提交核稿", done="已提交核稿。") is None:
            return redirect("document-edit", document.pk)
    if document:
        _notes(request, document)
        return redirect("document-detail", document.pk)
    return render(request, "documents/edit.html", {"form": form, "document": None, "import_form": import_form})


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
    submit = _submitting(request)
    saved = form_save(request, form, lambda: document_update(
        actor=request.user, document_id=pk, version=whole_number(request.POST.get("version")) or 0,
        fields=_fields(form), **_form_people(form), submit=submit),
        done="已保存并提交核稿。" if submit else "草稿已保存。")
    if saved:
        _notes(request, saved)
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
    names = available_actions(request.user, document)
    actions = [(action, ACTION_LABELS[action]) for action in names]
    issue = may_in_turn(request.user, "issue", document)  # 编号、用印并核发 in one click, before the single 编号
    return render(request, "documents/detail.html", {
        "document": document,
        "trail": document_trail(document),
        "actions": [("issue", IN_TURN_LABELS["issue"])] + actions if issue else actions,
        "asks_copies": issue or "seal" in names,
        "may_edit": may(request.user, "edit", document),
        "phrases": opinion_phrases(request.user, names),  # read only where the 办理 panel shows
        "main": recipients_of(document, RecipientKind.MAIN),
        "copy": recipients_of(document, RecipientKind.COPY),
        "co_issuers": document.co_issuers(),  # 联合行文 only: no query otherwise
        "posted": posted or {},
        "sign_identity": _sign_identity(request) if "sign" in names else None,
    }, status=status)


def _sign_identity(request) -> dict:
    """What the 签发 panel asks for: nothing within the session's window, else the 签发密码/TOTP/password field."""
    from oa.org.services.sign_pin import has_sign_pin, identity_fresh, window_minutes

    return {"fresh": identity_fresh(request), "minutes": window_minutes(), "pin": has_sign_pin(request.user)}


def number_register_page(request):
    year = year_or_current(request.GET.get("year"))
    series = register_series(request.user)
    chosen = register_chosen(series, request.GET.get("series"))
    return render(request, "documents/numbers.html", {
        "numbers": number_register(request.user, year=year, series=chosen), "year": year,
        "series": series, "chosen": chosen,
    })
