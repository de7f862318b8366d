from django.urls import path

from notices.views import pages

urlpatterns = [
    path("", pages.notice_list, name="notices"),
    path("new/", pages.notice_new, name="notice-new"),
    path("<int:pk>/", pages.notice_detail, name="notice-detail"),
    path("<int:pk>/edit/", pages.notice_edit, name="notice-edit"),
    path("<int:pk>/act/<str:action>/", pages.notice_act, name="notice-act"),
    path("<int:pk>/receipt/", pages.notice_receipt, name="notice-receipt"),
    path("<int:pk>/reads/", pages.notice_reads, name="notice-reads"),
    path("<int:pk>/reads.xlsx", pages.notice_reads_xlsx, name="notice-reads-xlsx"),
    path("<int:pk>/remind/", pages.notice_remind, name="notice-remind"),
    path("<int:pk>/attachments/", pages.attachment_upload, name="notice-attachment-upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", pages.attachment_download, name="notice-attachment"),
    path("<int:pk>/attachments/<int:attachment_id>/delete/", pages.attachment_delete, name="notice-attachment-delete"),
]
