"""Headless Chromium (Debian's) driven by Playwright, against a real daphne server (HTTP + WebSockets)."""

import os
import shutil
from functools import partial
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("OA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("OA_SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "var" / "screenshots"))
DESKTOP = {"width": 1366, "height": 900}
TABLET = {"width": 1024, "height": 768}  # iPad landscape; leaders sign on tablets
TABLET_PORTRAIT = {"width": 820, "height": 1180}  # iPad Air portrait

# Playwright's sync API runs an event loop in this thread; the test body's ORM calls are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _application():
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from oa.asgi import application

    return ASGIStaticFilesHandler(application)


@pytest.fixture
def live_asgi(transactional_db, settings):
    """A daphne process serving the app on a free port, sharing the test database."""
    from daphne.testing import DaphneProcess

    process = DaphneProcess("127.0.0.1", partial(_application))
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        raise RuntimeError("daphne did not start")
    yield f"http://127.0.0.1:{process.port.value}"
    process.terminate()
    process.join(timeout=10)


# Module scope, not session: Playwright's sync API keeps an event loop running in this thread while
# it is open, and later tests that use async_to_sync (WebSocket tests) must not find one.
@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (make install does)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """open_page(viewport) -> a fresh page in its own context (its own cookies)."""
    contexts = []

    def _open(viewport=DESKTOP):
        context = chromium.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield _open
    for context in contexts:
        context.close()


def log_in(open_page, base: str, person, viewport=DESKTOP):
    """A new page at `viewport`, logged in as `person` (the factories' password) and on the portal home."""
    from tests.factories import TEST_PASSWORD

    page = open_page(viewport)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", person.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def until(page, expression: str, seconds: float = 15) -> None:
    """Wait until `expression` is true in the page. Not page.wait_for_function: Playwright evaluates its
    predicate with eval, which the site's Content-Security-Policy (rightly) refuses once it polls."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {expression}")


def shoot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
