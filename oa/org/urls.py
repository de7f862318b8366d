from django.urls import path

from oa.org.views import roles

urlpatterns = [
    path("roles/", roles.roles_page, name="org-roles"),
    path("roles/<int:person_id>/<str:role>/revoke/", roles.role_revoke_view, name="org-role-revoke"),
    path("people/<int:person_id>/reset-2fa/", roles.second_factor_reset_view, name="org-2fa-reset"),
]
