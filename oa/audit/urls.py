from django.urls import path

from oa.audit import views

urlpatterns = [
    path("", views.ledger, name="audit-ledger"),
    path("verify/", views.verify, name="audit-verify"),
]
