"""/archives/packages/… and /archives/transfers/… (included beside oa.archives.urls under /archives/)."""

from django.urls import path

from oa.archives import package_views as views

urlpatterns = [
    path("items/<int:pk>/package/", views.item_package, name="archives-item-package"),
    path("packages/check/", views.package_import, name="archives-package-import"),
    path("packages/<int:pk>/", views.package_detail, name="archives-package"),
    path("packages/<int:pk>/download/", views.package_download, name="archives-package-download"),
    path("packages/<int:pk>/report.pdf", views.package_report_pdf, name="archives-package-report-pdf"),
    path("packages/<int:pk>/check/", views.package_check, name="archives-package-check"),
    path("transfers/", views.transfer_list, name="archives-transfers"),
    path("transfers/<int:pk>/", views.transfer_detail, name="archives-transfer"),
    path("transfers/<int:pk>/receipt.pdf", views.transfer_receipt_pdf, name="archives-transfer-receipt"),
]
