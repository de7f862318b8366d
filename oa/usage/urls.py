from django.urls import path

from oa.usage import views

urlpatterns = [
    path("", views.dashboard, name="usage"),
    path("close/", views.close_view, name="usage-close"),
    path("reports/", views.report_list, name="usage-reports"),
    path("reports/<int:pk>.<str:fmt>", views.report_download, name="usage-download"),
    path("<str:period>/departments/<int:department_id>/", views.department_detail, name="usage-department"),
]
