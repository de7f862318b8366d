from django.urls import path

from oa.trial import views, views_outages

urlpatterns = [
    path("", views.trial_home, name="trial"),
    path("programmes/", views.programme_list, name="trial-programmes"),
    path("new/", views.programme_new, name="trial-new"),
    path("<int:pk>/", views.programme_detail, name="trial-detail"),
    path("<int:pk>/act/<str:action>/", views.programme_act, name="trial-act"),
    path("<int:pk>/participants/", views.programme_participant, name="trial-participant"),
    path("<int:pk>/join/", views.programme_join, name="trial-join"),
    path("<int:pk>/group/", views.programme_group, name="trial-group"),
    path("<int:pk>/training/", views.programme_training, name="trial-training"),
    path("<int:pk>/reports/chase/", views.programme_reports_chase, name="trial-reports-chase"),
    path("rules/", views.rules, name="trial-rules"),
    path("paper/", views.paper_list, name="trial-paper-list"),
    path("paper/confirm/", views.paper_bulk, name="trial-paper-bulk"),
    path("paper/<int:pk>/", views.paper_detail, name="trial-paper"),
    path("paper/<int:pk>/<str:action>/", views.paper_act, name="trial-paper-act"),
    path("reconcile/", views.reconcile, name="trial-reconcile"),
    path("paper-only/", views.paper_only, name="trial-paper-only"),
    path("reports/<int:pk>/", views.report_detail, name="trial-report"),
    path("outages/", views_outages.outages, name="trial-outages"),
    path("outages/<int:pk>/<str:action>/", views_outages.outage_act, name="trial-outage-act"),
    path("outages/back-register/", views_outages.outage_items, name="trial-outage-items"),
    path("reports/<int:pk>/act/<str:action>/", views.report_act, name="trial-report-act"),
    path("reports/<int:pk>/file.<str:kind>", views.report_download, name="trial-report-download"),
    path("reports/<int:pk>/attachments/", views.attachment_upload, name="trial-report-attachment-upload"),
    path("reports/<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="trial-report-attachment"),
    path("reports/<int:pk>/attachments/<int:attachment_id>/delete/", views.attachment_delete,
         name="trial-report-attachment-delete"),
    path("<int:pk>/reports/", views.programme_reports, name="trial-reports"),
]
