from django.urls import path

from oa.audit import views

urlpatterns = [
    path("", views.ledger, name="audit-ledger"),
    path("verify/", views.verify, name="audit-verify"),
    path("checkpoints/", views.checkpoint_download, name="audit-checkpoints"),
    path("checkpoints/new/", views.checkpoint, name="audit-checkpoint-new"),
]
