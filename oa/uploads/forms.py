"""Forms: the declaration every upload form carries, and the security officer's decision.

To gate an upload form, inherit from DeclarationForm (or add its three fields) and render
`{% include "uploads/_declaration.html" %}` next to the file input, then pass
`form.gate_arguments()` to `upload_accept`/`upload_accept_file`.
"""

from django import forms

from oa.core.forms import BootstrapFormMixin
from oa.uploads.choices import Level
from oa.uploads.screening.declarations import CURRENT_VERSION, declaration_text

LEVEL_CHOICES = [("", "请选择密级"), *Level.choices]
# Said after the gate's "请先阅读并勾选承诺……" when a page was submitted without the 承诺: the undeclared bytes were
# not kept (they never are, docs/uploads.md). In the browser static/js/forms.js stops such a submit before it
# leaves, so the chosen files stay in the form; this is for the rare page that got through (no JavaScript).
UNDECLARED_NOT_KEPT = "。承诺未勾选或密级未选时，所选文件不在服务器保留，补全后请重新选择文件。"


class DeclarationForm(BootstrapFormMixin, forms.Form):
    # Not `required=True` on the checkbox: the gate itself refuses (and ledgers) an unticked
    # declaration, so the API and the pages give the same answer.
    declaration_accepted = forms.BooleanField(label=declaration_text(), required=False)
    declaration_version = forms.CharField(widget=forms.HiddenInput, initial=CURRENT_VERSION, required=False)
    declared_level = forms.ChoiceField(
        label="密级", choices=LEVEL_CHOICES, required=False,
        help_text="只能上传非密、内部或公开文件；绝密、机密、秘密文件请走机要渠道纸质传递。",
    )

    def gate_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "declaration_accepted": bool(data.get("declaration_accepted")),
            "declaration_version": data.get("declaration_version") or "",
            "declared_level": data.get("declared_level") or "",
        }


class GatedFileForm(DeclarationForm):
    """One file and the declaration: the form of every gated attachment upload."""

    file = forms.FileField(label="附件", error_messages={"required": "请选择文件。"})


class ReviewForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label="审核意见", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
