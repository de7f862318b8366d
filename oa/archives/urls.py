from django.urls import path

from oa.archives import views

urlpatterns = [
    path("", views.index, name="archives"),
    path("file/<str:kind>/<int:pk>/", views.file_view, name="archives-file"),
    path("catalogue/<int:year>/<str:retention>/", views.catalogue_page, name="archives-catalogue"),
    path("catalogue/<int:year>/<str:retention>.<str:extension>", views.catalogue_download,
         name="archives-catalogue-download"),
    path("items/<int:pk>/", views.item_page, name="archives-item"),
    path("items/<int:pk>/parts/<int:part_id>/", views.part_download, name="archives-part"),
    path("items/<int:pk>/retention/", views.retention_view, name="archives-retention"),
]
