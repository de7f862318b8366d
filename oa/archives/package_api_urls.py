"""The packages' and transfers' endpoints, included in /api/v1/ (oa/api_urls.py)."""

from django.urls import path

from oa.archives import package_api as api

urlpatterns = [
    path("archives/items/<int:pk>/package/", api.ItemPackage.as_view(), name="api-archives-item-package"),
    path("archives/packages/check/", api.PackageImportCheck.as_view(), name="api-archives-package-import-check"),
    path("archives/packages/<int:pk>/", api.PackageDetail.as_view(), name="api-archives-package"),
    path("archives/packages/<int:pk>/download/", api.PackageDownload.as_view(), name="api-archives-package-download"),
    path("archives/packages/<int:pk>/check/", api.PackageCheck.as_view(), name="api-archives-package-check"),
    path("archives/transfers/", api.TransferList.as_view(), name="api-archives-transfers"),
    path("archives/transfers/<int:pk>/", api.TransferDetail.as_view(), name="api-archives-transfer"),
    path("archives/transfers/<int:pk>/<str:step>/", api.TransferStep.as_view(), name="api-archives-transfer-step"),
]
