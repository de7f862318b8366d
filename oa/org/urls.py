from django.urls import path

from oa.org.views import roles, series

urlpatterns = [
    path("roles/", roles.roles_page, name="org-roles"),
    path("roles/<int:person_id>/<str:role>/revoke/", roles.role_revoke_view, name="org-role-revoke"),
    path("people/<int:person_id>/reset-2fa/", roles.second_factor_reset_view, name="org-2fa-reset"),
    path("number-series/", series.series_page, name="org-number-series"),
    path("number-series/<int:pk>/stop/", series.series_active_view, {"active": False}, name="org-number-series-stop"),
    path("number-series/<int:pk>/start/", series.series_active_view, {"active": True}, name="org-number-series-start"),
]
