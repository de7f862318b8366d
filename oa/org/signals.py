"""Auth events → ledger, and role groups kept in step with the role list after migrate.

Django and django-axes announce logins, failures, lockouts and logouts only through signals,
so this is where they are written to the ledger.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import AUTH_LOCKOUT, AUTH_LOGIN, AUTH_LOGIN_FAILED, AUTH_LOGOUT


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
