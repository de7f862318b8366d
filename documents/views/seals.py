"""电子印章验证: upload a PDF or paste its SHA-256 (documents/seals/check.py); anyone logged in."""

from django import forms
from django.shortcuts import render

from documents.seals.check import CheckRefused, check_hash, check_pdf
from oa.core.forms import BootstrapFormMixin


class SealCheckForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label="PDF 文件", required=False, help_text="从本系统下载的公文 PDF；只验证，不保存",
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))
    sha256 = forms.CharField(label="或粘贴 SHA-256", required=False, max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": "64 位十六进制", "autocomplete": "off"}))


def seal_verify(request):
    form, result, refused = SealCheckForm(), None, ""
    if request.method == "POST":
        form = SealCheckForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                upload, sha256 = form.cleaned_data["file"], form.cleaned_data["sha256"]
                if upload:
                    result = check_pdf(upload)
                elif sha256:
                    result = check_hash(sha256)
                else:
                    refused = "请选择 PDF 文件，或粘贴文件的 SHA-256。"
            except CheckRefused as bad:
                refused = str(bad)
        else:
            refused = "；".join(e for errors in form.errors.values() for e in errors)
    return render(request, "documents/seal_verify.html", {"form": form, "result": result, "refused": refused},
                  status=400 if refused else 200)
