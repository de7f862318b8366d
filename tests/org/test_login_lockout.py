"""Login, lockout per username after 5 failures, no user enumeration, everything ledgered."""

import pytest

from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def _attempt(client, username, password="wrong-Password-1"):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_correct_password_logs_in_and_is_ledgered(personas, client, password):
    response = _attempt(client, personas.clerk_a.username, password)
    assert response.status_code == 302 and response["Location"] == "/"
    entry = LedgerEntry.objects.filter(action="auth.login").latest("id")
    assert entry.actor_id == personas.clerk_a.pk and entry.department_id == personas.dept_a.pk
    assert entry.ip == "127.0.0.1"


def test_fifth_failure_locks_the_username_even_for_the_right_password(personas, client, password):
    for _ in range(5):
        response = _attempt(client, personas.clerk_a.username)
    assert response.status_code == 429
    assert "已被锁定" in response.content.decode()
    locked = _attempt(client, personas.clerk_a.username, password)
    assert locked.status_code == 429 and "已被锁定" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert LedgerEntry.objects.filter(action="auth.lockout", data__username=personas.clerk_a.username).exists()
    assert LedgerEntry.objects.filter(action="auth.login_failed").count() == 6


def test_lockout_is_per_username_not_per_address(personas, client, password):
    for _ in range(5):
        _attempt(client, personas.clerk_a.username)
    # Same client address (a bureau behind one NAT): a colleague still logs in.
    assert _attempt(client, personas.clerk_b.username, password).status_code == 302


def _messages(client, username):
    pages = [_attempt(client, username) for _ in range(5)]
    return [(page.status_code, page.content.decode().split('role="alert"')[1].split("</div>")[0]) for page in pages]


def test_unknown_and_known_usernames_get_identical_answers(personas, client):
    known = _messages(client, personas.clerk_a.username)
    unknown = _messages(client, "nobody_here")
    assert known == unknown
    assert "用户名或密码错误" in known[0][1]
    assert "已被锁定" in known[-1][1]


def test_logout_is_ledgered(personas, client, login):
    login(personas.clerk_a)
    client.post("/accounts/logout/")
    assert LedgerEntry.objects.filter(action="auth.logout", actor=personas.clerk_a).exists()


def test_idle_session_expires_and_is_renewed_by_activity(settings, personas, client, login):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # renewed by SessionIdleMiddleware instead
    login(personas.clerk_a)
    client.get("/todo/")
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
    client.session.set_expiry(-1)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get("/todo/").status_code == 302


def _session_writes(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def _age_mark(client, seconds):
    from oa.core.middleware import IDLE_SEEN_KEY

    session = client.session
    session[IDLE_SEEN_KEY] -= seconds
    session.save()


def test_a_page_does_not_write_the_session_until_the_last_seen_mark_is_a_minute_old(personas, client, login):
    from oa.core.middleware import IDLE_SEEN_KEY, idle_refresh_seconds

    login(personas.clerk_a)
    mark = client.session[IDLE_SEEN_KEY]  # set by the login's own write
    assert _session_writes(client, "/todo/") == []  # the first page after login writes nothing
    assert _session_writes(client, "/todo/") == []  # within the minute: no write at all
    assert _session_writes(client, "/") == []
    _age_mark(client, idle_refresh_seconds())
    assert _session_writes(client, "/todo/")  # a minute on: the mark (and the session's expiry) renewed
    assert client.session[IDLE_SEEN_KEY] >= mark


def test_idle_past_the_timeout_signs_out_even_if_the_stored_expiry_is_later(settings, personas, client, login):
    login(personas.clerk_a)
    client.get("/todo/")
    _age_mark(client, settings.SESSION_COOKIE_AGE - 5)  # idle a little less than the timeout: still in
    assert client.get("/todo/").status_code == 200
    _age_mark(client, settings.SESSION_COOKIE_AGE + 1)  # idle past it (the save just now renewed the DB expiry)
    response = client.get("/todo/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_password_policy_requires_three_character_classes(personas, client, login, password):
    login(personas.clerk_a)
    weak = client.post("/accounts/password/", {"old_password": password, "new_password1": "abcdefgh12", "new_password2": "abcdefgh12"})
    assert weak.status_code == 200 and "3 类" in weak.content.decode()
    strong = client.post("/accounts/password/", {"old_password": password, "new_password1": "Zhang-Wei-88", "new_password2": "Zhang-Wei-88"})
    assert strong.status_code == 302
    assert LedgerEntry.objects.filter(action="auth.password_change", actor=personas.clerk_a).exists()


def test_expired_password_must_be_changed_before_anything_else(settings, personas, client, login):
    from datetime import timedelta

    from django.utils import timezone

    settings.OA_PASSWORD_MAX_AGE_DAYS = 90
    personas.clerk_a.__class__.objects.filter(pk=personas.clerk_a.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    login(personas.clerk_a)
    response = client.get("/todo/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
