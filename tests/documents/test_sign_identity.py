"""签发 identity: the 签发密码 (6 digits, hashed, set with the login password), the TOTP code, the login password,
and the password once per OA_SIGN_WINDOW_MINUTES in the browser session — never through the API, never for
someone the workflow table does not let sign."""

import html
import time

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import PermissionDenied, ValidationError

from documents.choices import DocumentState as S
from documents.models import Document
from oa.audit.models import LedgerEntry
from oa.org.models import Person
from oa.org.services.sign_pin import SESSION_KEY, set_sign_pin
from tests.factories import TEST_PASSWORD
from tests.org.conftest import enrol, fresh_code

PIN = "260418"
JSON = "application/json"


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _sign(client, document, **fields):
    return client.post(f"/documents/{document.pk}/act/sign/", {"opinion": "同意", **fields})


@pytest.fixture
def with_pin(personas):
    set_sign_pin(person=personas.leader_a, password=TEST_PASSWORD, pin=PIN)
    personas.leader_a.refresh_from_db()
    return personas.leader_a


# --- the 签发密码 itself -------------------------------------------------------------------------------------

def test_the_pin_is_stored_hashed_and_ledgered(with_pin):
    assert with_pin.sign_pin != PIN and check_password(PIN, with_pin.sign_pin) and with_pin.sign_pin_set_at
    assert LedgerEntry.objects.filter(action="auth.sign_pin.set", outcome="success", actor=with_pin).exists()


@pytest.mark.parametrize(("password", "pin", "field", "words"), [
    ("wrong", "260418", "password", "登录密码不正确"),
    (TEST_PASSWORD, "12345", "pin", "6 位数字"),
    (TEST_PASSWORD, "12a456", "pin", "6 位数字"),
    (TEST_PASSWORD, "123456", "pin", "过于简单"),
    (TEST_PASSWORD, "999999", "pin", "过于简单"),
])
def test_a_refused_pin_names_the_field_and_changes_nothing(personas, password, pin, field, words):
    with pytest.raises(ValidationError) as refused:
        set_sign_pin(person=personas.leader_a, password=password, pin=pin)
    assert words in refused.value.message_dict[field][0]
    assert Person.objects.get(pk=personas.leader_a.pk).sign_pin == ""
    assert LedgerEntry.objects.filter(action="auth.sign_pin.set", outcome="failure").exists()


def test_the_pin_page_sets_it_and_says_what_went_wrong(personas, client, login):
    login(personas.leader_a)
    assert "签发密码" in _page(client.get("/accounts/sign-pin/"))
    wrong = client.post("/accounts/sign-pin/", {"password": "猜的", "pin": PIN, "pin_again": PIN})
    assert wrong.status_code == 400 and "登录密码不正确" in _page(wrong)
    mismatch = client.post("/accounts/sign-pin/", {"password": TEST_PASSWORD, "pin": PIN, "pin_again": "260419"})
    assert mismatch.status_code == 400 and "两次输入的签发密码不一致" in _page(mismatch)
    assert client.post("/accounts/sign-pin/", {"password": TEST_PASSWORD, "pin": PIN, "pin_again": PIN}).status_code == 302
    assert check_password(PIN, Person.objects.get(pk=personas.leader_a.pk).sign_pin)


def test_the_pin_api_needs_the_password_and_never_returns_the_pin(personas, client, login):
    login(personas.leader_a)
    assert client.get("/api/v1/me/sign-pin/").json() == {"has_pin": False, "set_at": None}
    refused = client.post("/api/v1/me/sign-pin/", {"password": "wrong", "pin": PIN}, content_type=JSON)
    assert refused.status_code == 400 and "password" in refused.json()
    done = client.post("/api/v1/me/sign-pin/", {"password": TEST_PASSWORD, "pin": PIN}, content_type=JSON)
    assert done.status_code == 200 and done.json()["has_pin"] is True and PIN not in done.content.decode()


# --- confirming 签发 ----------------------------------------------------------------------------------------

def test_the_pin_a_totp_code_or_the_password_confirms_signing(personas, draft, walk, act, with_pin):
    signed = act(with_pin, "sign", walk(draft(), S.SIGNING), confirmation=PIN)
    assert signed.state != S.SIGNING
    assert LedgerEntry.objects.filter(action="document.sign", actor=with_pin).latest("id").data["confirmed_by"] == "pin"
    enrol(with_pin)
    act(with_pin, "sign", walk(draft(), S.SIGNING), confirmation=fresh_code(with_pin))
    assert LedgerEntry.objects.filter(action="document.sign").latest("id").data["confirmed_by"] == "totp"
    act(with_pin, "sign", walk(draft(), S.SIGNING), confirmation=TEST_PASSWORD)
    assert LedgerEntry.objects.filter(action="document.sign").latest("id").data["confirmed_by"] == "password"


def test_someone_elses_pin_does_not_sign(personas, draft, walk, act, with_pin):
    document = walk(draft(), S.SIGNING)
    with pytest.raises(PermissionDenied):  # the head may sign this document, but PIN is the leader's, not his
        act(personas.head_a, "sign", document, confirmation=PIN)
    assert Document.objects.get(pk=document.pk).state == S.SIGNING


def test_wrong_codes_count_towards_the_lockout(personas, draft, walk, act, with_pin, settings):
    document = walk(draft(), S.SIGNING)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        with pytest.raises(PermissionDenied, match="签发确认失败"):
            act(with_pin, "sign", document, confirmation="000001")
    assert Person.objects.get(pk=with_pin.pk).otp_failures == settings.AXES_FAILURE_LIMIT
    with pytest.raises(PermissionDenied, match="错误次数过多"):  # now even the right PIN waits
        act(with_pin, "sign", document, confirmation=PIN)
    assert LedgerEntry.objects.filter(action="document.sign.confirm", outcome="failure").count() == settings.AXES_FAILURE_LIMIT + 1


# --- the window after a password login -----------------------------------------------------------------------

def test_within_the_window_after_a_password_login_no_code_is_asked(personas, client, login, draft, walk):
    document = walk(draft(), S.SIGNING)
    login(personas.leader_a)
    assert "15分钟内已验证身份，可直接签发" in _page(client.get(f"/documents/{document.pk}/"))
    assert _sign(client, document).status_code == 302
    assert Document.objects.get(pk=document.pk).state != S.SIGNING
    assert LedgerEntry.objects.filter(action="document.sign").latest("id").data["confirmed_by"] == "window"


@pytest.mark.parametrize("how", ["disabled", "expired", "someone_else", "no_password_login"])
def test_outside_the_window_the_code_is_asked(personas, client, login, draft, walk, settings, how):
    document = walk(draft(), S.SIGNING)
    if how == "disabled":
        settings.OA_SIGN_WINDOW_MINUTES = 0
    if how == "no_password_login":
        client.force_login(personas.leader_a)  # a session opened some other way: no password in it
    else:
        login(personas.leader_a)
    if how in ("expired", "someone_else"):
        session = client.session
        mark = session[SESSION_KEY]
        if how == "expired":
            mark["at"] = int(time.time()) - 16 * 60
        else:
            mark["person"] = personas.head_a.pk
        session[SESSION_KEY] = mark
        session.save()
    page = _page(client.get(f"/documents/{document.pk}/"))
    assert "可直接签发" not in page and 'id="id_confirmation"' in page
    refused = _sign(client, document)
    assert refused.status_code == 400 and "请输入签发密码" in _page(refused)
    assert Document.objects.get(pk=document.pk).state == S.SIGNING


def test_a_confirmed_signing_opens_the_window(personas, client, draft, walk, with_pin):
    first, second = walk(draft(), S.SIGNING), walk(draft(), S.SIGNING)
    client.force_login(with_pin)
    assert _sign(client, first, confirmation=PIN).status_code == 302
    assert _sign(client, second).status_code == 302  # within the window now
    assert Document.objects.get(pk=second.pk).state != S.SIGNING


def test_the_window_never_reaches_someone_the_table_does_not_let_sign(personas, client, login, draft, walk):
    document = walk(draft(), S.SIGNING)
    login(personas.director_a)  # password login, but the workflow table does not let the director sign
    assert _sign(client, document).status_code in (400, 403)
    assert Document.objects.get(pk=document.pk).state == S.SIGNING


def test_the_api_always_asks_for_a_code_even_right_after_a_password_login(personas, client, login, draft, walk):
    document = walk(draft(), S.SIGNING)
    login(personas.leader_a)
    refused = client.post(f"/api/v1/documents/{document.pk}/sign/", {"opinion": "同意"}, content_type=JSON)
    assert refused.status_code == 403 and "请输入签发密码" in refused.json()["detail"]
    assert Document.objects.get(pk=document.pk).state == S.SIGNING
