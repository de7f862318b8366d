from django.urls import path

from documents.views import actions, files, pages, registers, seals, sheets, signing

urlpatterns = [
    path("", pages.document_list, name="documents"),
    path("new/", pages.document_new, name="document-new"),
    path("numbers/", pages.number_register_page, name="document-numbers"),
    path("signing-authorities/", signing.signing_page, name="document-signing"),
    path("signing-authorities/<int:pk>/revoke/", signing.signing_revoke, name="document-signing-revoke"),
    path("seals/verify/", seals.seal_verify, name="seal-verify"),
    path("numbers.xlsx", registers.outgoing_register_xlsx, name="document-numbers-xlsx"),
    path("draft-sheets.<str:fmt>", sheets.document_sheets, name="document-sheets"),
    path("<int:pk>/", pages.document_detail, name="document-detail"),
    path("<int:pk>/edit/", pages.document_edit, name="document-edit"),
    path("<int:pk>/act/<str:action>/", actions.document_act, name="document-act"),
    path("<int:pk>/pdf/", files.document_pdf, name="document-pdf"),
    path("<int:pk>/docx/", files.document_docx, name="document-docx"),
    path("<int:pk>/ofd/", files.document_ofd, name="document-ofd"),
    path("<int:pk>/draft-sheet.<str:fmt>", sheets.document_sheet, name="document-sheet"),
    path("<int:pk>/seal.svg", files.document_seal, name="document-seal"),
    path("<int:pk>/steps/<int:step_id>/signature.png", files.step_signature, name="document-step-signature"),
    path("<int:pk>/attachments/", files.attachment_upload, name="document-attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", files.attachment_download, name="document-attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/delete/", files.attachment_delete, name="document-attachment-delete"),
    path("<int:pk>/import-docx/", files.docx_import, name="document-import-docx"),
]
