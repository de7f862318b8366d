"""我的常用意见: the person's own phrases — list, add, move up or down, delete. Every change is a POST form,
so the page works without JavaScript; the same services answer /api/v1/phrases/ (oa/org/api_phrases.py)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from oa.core.forms import form_save
from oa.core.messages import attempt
from oa.org.forms import PhraseForm
from oa.org.models import Phrase
from oa.org.selectors import PHRASE_ORDER, phrases_of
from oa.org.services.phrases import phrase_add, phrase_delete, phrase_shift

MOVES = {"up": -1, "down": 1}


def phrases_page(request):
    form = PhraseForm(request.POST or None)
    if form_save(request, form, lambda: phrase_add(actor=request.user, text=form.cleaned_data["text"]),
                 done="已添加常用意见。"):
        return redirect("phrases")
    return render(request, "org/phrases.html", {
        "form": form, "phrases": list(phrases_of(request.user).order_by(*PHRASE_ORDER)),
        "limit": Phrase.MAX_PER_PERSON,
    })


@require_POST
def phrase_move_view(request, pk: int, direction: str):
    attempt(request, lambda: phrase_shift(actor=request.user, phrase_id=pk, by=MOVES[direction]), failed="未能调整顺序")
    return redirect("phrases")


@require_POST
def phrase_delete_view(request, pk: int):
    attempt(request, lambda: phrase_delete(actor=request.user, phrase_id=pk), failed="未能删除",
            done="已删除常用意见。")
    return redirect("phrases")
