"""On a tablet (820×1180, portrait) 问题反馈 is on screen without opening the ☰ menu, and every link and button of
the portal and 待办 is at least 44 px tall; the desktop (1366×900) keeps its compact list rows."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import DESKTOP, shoot

pytestmark = pytest.mark.browser
PORTRAIT = {"width": 820, "height": 1180}
PASSWORD = "Demo-2026oa"

# Every visible link and button of the page's header and main part, with its height.
CONTROLS = """() => [...document.querySelectorAll('header a, header button, main a, main button')]
    .filter(e => e.offsetParent !== null)
    .map(e => ({text: e.innerText.trim().slice(0, 20), height: e.getBoundingClientRect().height,
                listed: !!e.closest('.list-group-item, td')}))"""


def _login(open_page, base, username, viewport):
    page = open_page(viewport)
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


@pytest.fixture
def demo(transactional_db, settings):
    settings.OA_REQUIRE_2FA = False
    call_command("seed_demo", password=PASSWORD)


def test_tablet_feedback_in_reach_and_touch_targets(demo, live_asgi, open_page):
    page = _login(open_page, live_asgi, "jmj_clerk", PORTRAIT)
    for path, name in (("/", "portal"), ("/todo/", "todo"), ("/inbox/", "inbox")):
        page.goto(live_asgi + path)
        page.wait_for_load_state("load")
        assert page.locator(".navbar-toggler").is_visible()  # the menu is collapsed at this width …
        button = page.locator("#oa-feedback-button")
        assert button.is_visible() and button.bounding_box()["y"] + button.bounding_box()["height"] <= PORTRAIT["height"]
        controls = page.evaluate(CONTROLS)
        assert sum(control["listed"] for control in controls) >= 2, path  # the clerk's demo work is listed
        assert [control for control in controls if control["height"] < 44] == [], path
        shoot(page, f"touch-{name}-tablet")
    page.goto(live_asgi + "/todo/")
    page.click("#oa-feedback-button")  # … and 问题反馈 is one tap away
    page.wait_for_load_state("load")
    assert page.url.startswith(live_asgi + "/feedback/new/?page=/todo/")


def test_desktop_keeps_compact_rows(demo, live_asgi, open_page):
    page = _login(open_page, live_asgi, "jmj_clerk", DESKTOP)
    page.goto(live_asgi + "/todo/")
    assert page.locator("#oa-feedback-button").is_visible()
    listed = [control for control in page.evaluate(CONTROLS) if control["listed"]]
    assert listed and all(control["height"] < 36 for control in listed)
