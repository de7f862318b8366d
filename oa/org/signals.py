"""Auth events → ledger, role groups kept in step with the role list after migrate, and a new organ's
default 发文字号 series.

Django and django-axes announce logins, failures, lockouts and logouts only through signals,
so this is where they are written to the ledger.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_LOCKOUT, AUTH_LOGIN, AUTH_LOGIN_FAILED, AUTH_LOGOUT
from oa.org.models import Department


def _attempted_username(credentials) -> str:
    return str((credentials or {}).get("username", ""))[:150]


@receiver(user_logged_in, dispatch_uid="oa_ledger_login")
def _login(sender, request, user, **kwargs):
    ledger_record(actor=user, action=AUTH_LOGIN)


@receiver(user_login_failed, dispatch_uid="oa_ledger_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    locked = bool(getattr(request, "axes_locked_out", False))
    ledger_record(
        action=AUTH_LOGIN_FAILED,
        outcome=Outcome.DENIED if locked else Outcome.FAILURE,
        data={"username": _attempted_username(credentials), "locked_out": locked},
    )


@receiver(user_locked_out, dispatch_uid="oa_ledger_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    ledger_record(action=AUTH_LOCKOUT, outcome=Outcome.DENIED, data={"username": str(username or "")[:150]})


@receiver(user_logged_out, dispatch_uid="oa_ledger_logout")
def _logout(sender, request, user, **kwargs):
    if user is not None:
        ledger_record(actor=user, action=AUTH_LOGOUT)
    from oa.core.live import close_session_sockets

    if request is not None and request.session.session_key:
        close_session_sockets(request.session.session_key)


@receiver(post_migrate, dispatch_uid="oa_role_groups")
def _role_groups(sender, app_config=None, using="default", **kwargs):
    if app_config is not None and app_config.label == "org":
        from oa.org.services.groups import ensure_role_groups

        ensure_role_groups()


@receiver(post_save, sender=Department, dispatch_uid="oa_default_number_series")
def _default_series(sender, instance, created, raw=False, **kwargs):
    """Departments are made in many places (the import, bootstrap_admins, the demo, the admin, tests); each new
    one gets its 文件, 函 and 纪要 series here, so numbering only ever looks a series up. Existing departments
    got theirs from the migration org/0005_number_series."""
    if created and not raw:
        from oa.org.services.series import default_series

        default_series(instance, new=True)
