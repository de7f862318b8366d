from django import forms

from oa.uploads.forms import DeclarationForm


class OrgImportForm(DeclarationForm):
    file = forms.FileField(label="CSV 或 XLSX 文件", error_messages={"required": "请选择要导入的文件。"})
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False, initial=True)

    field_order = ["file", "dry_run", "declared_level", "declaration_accepted", "declaration_version"]
