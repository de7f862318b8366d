from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from oa.core import views as core_views
from oa.org.views import auth as auth_views
from oa.org.views import otp as otp_views
from oa.org.views import phrases as phrase_views
from oa.org.views import sign_pin as sign_pin_views
from oa.portal.cms_access import cms_urlpatterns

handler403 = "oa.core.errors.forbidden"
handler404 = "oa.core.errors.not_found"
handler500 = "oa.core.errors.server_error"
handler400 = "oa.core.errors.bad_request"

# No route serves MEDIA_ROOT, in any environment: every stored file (attachments, screenshots, held
# uploads, archived reports) is read by a view that first finds its owner for the person asking, and
# answers a missing and an invisible file with the same 404. See docs/security.md.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/sign-pin/", sign_pin_views.sign_pin_page, name="sign-pin"),
    path("accounts/otp/", otp_views.otp_verify, name="otp-verify"),
    path("accounts/otp/enrol/", otp_views.otp_enrol, name="otp-enrol"),
    path("accounts/phrases/", phrase_views.phrases_page, name="phrases"),
    path("accounts/phrases/<int:pk>/up/", phrase_views.phrase_move_view, {"direction": "up"}, name="phrase-up"),
    path("accounts/phrases/<int:pk>/down/", phrase_views.phrase_move_view, {"direction": "down"}, name="phrase-down"),
    path("accounts/phrases/<int:pk>/delete/", phrase_views.phrase_delete_view, name="phrase-delete"),
    path("todo/", core_views.todo_list, name="todo"),
    path("todo/badge/", core_views.todo_badge, name="todo-badge"),
    path("documents/", include("documents.urls")),
    path("inbox/", include("documents.incoming.urls")),
    path("notices/", include("notices.urls")),
    path("usage/", include("oa.usage.urls")),
    path("feedback/", include("oa.feedback.urls")),
    path("trial/", include("oa.trial.urls")),
    path("archives/", include("oa.archives.urls")),
    path("archives/", include("oa.archives.package_urls")),  # 归档包与移交 (issue 21); the filing pages: oa.archives.urls
    path("manage/", include("oa.org.urls")),
    path("manage/", include("oa.orgimport.urls")),
    path("audit/", include("oa.audit.urls")),
    path("uploads/", include("oa.uploads.urls")),
    path("api/", include("oa.api_urls")),
    path("cms/", include(cms_urlpatterns(wagtailadmin_urls.urlpatterns))),
    path("", include(wagtail_urls)),
]
