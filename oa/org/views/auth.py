"""Login, logout, lockout and password change pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from oa.audit.services import ledger_record
from oa.org.forms import ChinesePasswordChangeForm, LoginForm
from oa.org.ledger_actions import AUTH_PASSWORD_CHANGE
from oa.org.services.sign_pin import mark_identity_confirmed


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"该账户连续 {settings.AXES_FAILURE_LIMIT} 次登录失败，已被锁定 {minutes} 分钟。"
        "请稍后再试，或联系本单位系统管理员。"
    )


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this when a username is locked out (also for unknown usernames)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    form = LoginForm(request, data=None)
    return render(request, "registration/login.html", {"form": form, "lockout": lockout_message()}, status=429)


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        mark_identity_confirmed(self.request)  # a password login: 签发 within the window needs no code
        return response


class LogoutView(auth_views.LogoutView):
    template_name = "registration/logged_out.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChinesePasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        ledger_record(actor=self.request.user, action=AUTH_PASSWORD_CHANGE)
        messages.success(self.request, "密码已修改。")
        return response
