"""Login-time gates that apply to every page: the second factor and password expiry."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from oa.org.permissions import requires_second_factor

# Pages a half-logged-in person may still open.
_ALWAYS_OPEN = ("/static/", "/api/", "/healthz", "/accounts/logout/")


def _path_is_open(request, *extra: str) -> bool:
    return request.path.startswith(_ALWAYS_OPEN + extra)


class _LoginGate:
    """A logged-in person whom `holds` stops sees only the open pages (and `also_open`) until done."""

    also_open: tuple[str, ...] = ()

    def __init__(self, get_response):
        self.get_response = get_response

    def holds(self, user) -> bool:
        raise NotImplementedError

    def way_out(self, request):
        raise NotImplementedError

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and self.holds(user) and not _path_is_open(request, *self.also_open):
            return self.way_out(request)
        return self.get_response(request)


class SecondFactorMiddleware(_LoginGate):
    """Leaders and admins who must use TOTP see nothing but the TOTP pages until they pass."""

    also_open = ("/accounts/otp/",)

    def holds(self, user) -> bool:
        return not user.is_verified() and requires_second_factor(user)

    def way_out(self, request):
        return redirect(f"{reverse('otp-verify')}?next={request.get_full_path()}")


def password_expired(person) -> bool:
    """True when the password is older than OA_PASSWORD_MAX_AGE_DAYS, or was never set by its owner
    (an initial password from an import has no change date and must be replaced)."""
    days = settings.OA_PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not person.has_usable_password():
        return False
    if person.password_changed_at is None:
        return True
    return person.password_changed_at < timezone.now() - timedelta(days=days)


class PasswordExpiryMiddleware(_LoginGate):
    """A person whose password has expired must change it before doing anything else."""

    also_open = ("/accounts/password/", "/accounts/otp/")

    def holds(self, user) -> bool:
        return password_expired(user)

    def way_out(self, request):
        return redirect("password-change")
