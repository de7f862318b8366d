"""`bench http` end to end on a tiny run: its own daphne process, a real login, every main page and the
bare view measured, JSON printed. The figures are never asserted as timings (they depend on the machine)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from oa.portal.seed import seed_portal
from tests.factories import TEST_PASSWORD

PAGES = {"bare", "/todo/", "/inbox/", "/documents/", "document", "/"}
FIGURES = {"path", "requests", "per_second", "p50_ms", "p95_ms"}


@pytest.mark.django_db(transaction=True)
def test_a_tiny_bench_http_run_prints_every_page(personas, draft):
    seed_portal()  # the home page (/), which a transactional test's flush may have removed
    document = draft()
    out = io.StringIO()
    call_command("bench", "http", "--runs", "5", "--clients", "2", "--user", personas.staff_a.username,
                 "--password", TEST_PASSWORD, stdout=out)
    report = json.loads(out.getvalue())
    assert report["suite"] == "http" and report["runs"] == 5 and report["clients"] == 2
    assert report["server"] == "daphne, 1 process" and len(report["load_average"]["before"]) == 3
    assert set(report["pages"]) == PAGES
    assert report["pages"]["bare"]["path"] == "/bench/bare/"
    assert report["pages"]["document"]["path"] == f"/documents/{document.pk}/"
    for name, figures in report["pages"].items():
        assert FIGURES <= set(figures), name
        assert figures["requests"] == 5 and figures["per_second"] > 0 and figures["p95_ms"] >= figures["p50_ms"]
        if name != "bare":
            assert figures["ratio_p50"] > 0 and figures["ratio_per_second"] > 0


@pytest.mark.django_db(transaction=True)
def test_a_wrong_password_is_a_clear_error_not_figures(personas):
    with pytest.raises(RuntimeError, match="登录失败"):
        call_command("bench", "http", "--runs", "1", "--user", personas.clerk_a.username, "--password", "wrong-Pass-1",
                     stdout=io.StringIO())


def test_http_options_belong_to_http_only(db):
    with pytest.raises(CommandError, match="只用于 bench http"):
        call_command("bench", "documents", "--clients", "3", stdout=io.StringIO())


def test_the_bare_view_is_not_in_the_app(personas):
    """/bench/bare/ is mounted only in the bench's own server process (oa/bench_urls.py)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(personas.clerk_a)
    assert client.get("/todo/").status_code == 200
    assert client.get("/bench/bare/").status_code == 404
