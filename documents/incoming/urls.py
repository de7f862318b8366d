from django.urls import path

from documents.incoming.views import pages, registers, scans, sheets, supervision

urlpatterns = [
    path("", pages.inbox, name="inbox"),
    path("paper/", pages.paper_arrival, name="paper-arrival"),
    path("sign/", pages.inbox_sign_for, name="inbox-sign-for"),
    path("register.xlsx", registers.inbox_register_xlsx, name="inbox-register-xlsx"),
    path("sheets.<str:fmt>", sheets.delivery_sheets, name="delivery-sheets"),
    path("supervision/", supervision.supervision_page, name="supervision"),
    path("<int:pk>/", pages.delivery_detail, name="delivery-detail"),
    path("<int:pk>/signatures/<str:kind>/<int:row_id>.png", pages.delivery_signature, name="delivery-signature"),
    path("<int:pk>/scans/", scans.scan_upload, name="delivery-scan-upload"),
    path("<int:pk>/scans/<int:scan_id>/", scans.scan_open, name="delivery-scan"),
    path("<int:pk>/sheet.<str:fmt>", sheets.delivery_sheet, name="delivery-sheet"),
    path("<int:pk>/act/<str:action>/", pages.delivery_act_view, name="delivery-act"),
    path("<int:pk>/circulations/<int:circulation_id>/recall/", pages.circulation_recall_view, name="circulation-recall"),
]
