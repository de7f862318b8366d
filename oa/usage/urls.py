from django.urls import path

from oa.usage import circular_views, views

urlpatterns = [
    path("", views.dashboard, name="usage"),
    path("export.xlsx", views.dashboard_xlsx, name="usage-xlsx"),
    path("trend/", views.trend_view, name="usage-trend"),
    path("close/", views.close_view, name="usage-close"),
    path("jobs/<str:job>/", views.job_status, name="usage-job"),
    path("reports/", views.report_list, name="usage-reports"),
    path("reports/<int:pk>.<str:fmt>", views.report_download, name="usage-download"),
    path("circulars/", circular_views.circular_list, name="usage-circulars"),
    path("circulars/<int:pk>/", circular_views.circular_detail, name="usage-circular"),
    path("circulars/<int:pk>/<str:action>/", circular_views.circular_act, name="usage-circular-act"),
    path("circulars/<int:pk>/<str:which>.<str:fmt>", circular_views.circular_download, name="usage-circular-download"),
    path("<str:period>/departments/<int:department_id>/", views.department_detail, name="usage-department"),
    path("<str:period>/departments/<int:department_id>/export.xlsx", views.department_xlsx,
         name="usage-department-xlsx"),
]
