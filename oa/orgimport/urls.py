from django.urls import path

from oa.orgimport import views

urlpatterns = [
    path("import/", views.org_import, name="org-import"),
    path("import/template/<str:kind>.csv", views.org_import_template, name="org-import-template"),
]
