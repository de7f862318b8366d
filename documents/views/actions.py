"""POST one step of the state graph from the document page."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from documents.forms import StepForm
from documents.permissions import ACTION_LABELS
from documents.services.actions import IN_TURN_LABELS, TRANSITIONS, document_issue, document_transition
from documents.services.flow import StepInput
from documents.views.kept import kept_signature
from documents.views.pages import detail_page
from oa.core.messages import attempt
from oa.org.services.sign_pin import identity_fresh, mark_identity_confirmed


@require_POST
def document_act(request, pk, action):
    if action not in TRANSITIONS and action not in IN_TURN_LABELS:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    step = StepInput(
        opinion=data.get("opinion", ""), reason=data.get("reason", "") or data.get("opinion", ""),
        signature_data_url=data.get("signature", ""), confirmation=data.get("confirmation", ""),
        print_copies=request.POST.get("print_copies") if action in ("seal", "issue") else None,  # checked by the step
        identity_fresh=action == "sign" and identity_fresh(request),
    )
    if action == "issue":  # 编号、用印并核发: the three steps in one click
        run, label = (lambda: document_issue(actor=request.user, document_id=pk, step=step)), IN_TURN_LABELS[action]
    else:
        run, label = (lambda: document_transition(actor=request.user, document_id=pk, action=action, step=step)), \
            ACTION_LABELS[action]
    done = attempt(request, run, failed=f"{label}未完成", done=f"已{label}。")
    if done is None:  # refused: the page again with what was typed and drawn (never the password)
        return detail_page(request, pk, status=400, posted={
            "opinion": request.POST.get("opinion", "")[:500], "signature": kept_signature(data.get("signature", "")),
            "print_copies": request.POST.get("print_copies", "")[:8], "action": action,
        })
    if action == "sign" and step.confirmation.strip():
        mark_identity_confirmed(request)  # the code was right: the window starts again
    return redirect("document-detail", pk)
