"""Input of the transfer pages and endpoints (the API validates with the same forms)."""

from django import forms


class TransferForm(forms.Form):
    items = forms.TypedMultipleChoiceField(label="归档文件", coerce=int, choices=(),
                                           error_messages={"required": "请选择要移交的归档文件。"})

    def __init__(self, *args, item_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(pk, pk) for pk in item_ids]
        self.fields["items"].error_messages["invalid_choice"] = "所选归档文件不存在、不属于本单位或已移交。"


class TransferAnswerForm(forms.Form):
    note = forms.CharField(label="意见", max_length=300, required=False)


class PackageUploadForm(forms.Form):
    file = forms.FileField(label="归档包（ZIP）", error_messages={"required": "请选择要检测的归档包。"})
