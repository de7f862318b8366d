"""POST one step of the state graph from the document page."""

from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from documents.forms import StepForm
from documents.permissions import ACTION_LABELS
from documents.services.actions import TRANSITIONS, document_transition
from documents.services.flow import StepInput
from documents.views.kept import kept_signature
from documents.views.pages import detail_page
from oa.core.messages import attempt
from oa.org.services.sign_pin import identity_fresh, mark_identity_confirmed


@require_POST
def document_act(request, pk, action):
    if action not in TRANSITIONS:
        raise Http404
    form = StepForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    step = StepInput(
        opinion=data.get("opinion", ""), reason=data.get("reason", "") or data.get("opinion", ""),
        signature_data_url=data.get("signature", ""), confirmation=data.get("confirmation", ""),
        print_copies=request.POST.get("print_copies") if action == "seal" else None,  # checked by the step
        identity_fresh=action == "sign" and identity_fresh(request),
    )
    done = attempt(request, lambda: document_transition(actor=request.user, document_id=pk, action=action, step=step),
                   failed=f"{ACTION_LABELS[action]}未完成", done=f"已{ACTION_LABELS[action]}。")
    if done is None:  # refused: the page again with what was typed and drawn (never the password)
        return detail_page(request, pk, status=400, posted={
            "opinion": request.POST.get("opinion", "")[:500], "signature": kept_signature(data.get("signature", "")),
            "print_copies": request.POST.get("print_copies", "")[:8], "action": action,
        })
    if action == "sign" and step.confirmation.strip():
        mark_identity_confirmed(request)  # the code was right: the window starts again
    return redirect("document-detail", pk)
