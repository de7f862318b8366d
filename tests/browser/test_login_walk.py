"""A clerk logs in, sees the home page, logs out — in headless Chromium, on a desktop and a tablet."""

import pytest

from oa.portal.seed import seed_portal
from tests.browser.conftest import DESKTOP, TABLET, shoot, until
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_clerk_logs_in_sees_home_and_logs_out(live_asgi, open_page, personas, viewport):
    seed_portal()
    page = open_page(viewport)
    page.goto(live_asgi + "/")
    assert "/accounts/login/" in page.url
    shoot(page, f"login-{viewport['width']}")

    page.fill("#id_username", personas.clerk_a.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_asgi + "/")
    assert page.locator("h1").first.inner_text().startswith(personas.clerk_a.name)
    assert page.locator("#oa-todo-badge").is_visible() or viewport is TABLET
    assert "甲局" in page.content()
    until(page, "document.body.dataset.live === 'on'")  # the WebSocket connected
    shoot(page, f"home-{viewport['width']}")

    if not page.locator("#oa-person-menu").is_visible():  # tablet: the menu is behind the toggler
        page.click(".navbar-toggler")
    page.click("#oa-person-menu")
    page.click("#oa-logout")
    page.wait_for_url("**/accounts/logout/")
    assert "您已安全退出" in page.content()
    page.goto(live_asgi + "/")
    assert "/accounts/login/" in page.url


def test_wrong_password_shows_the_chinese_message(live_asgi, open_page, personas):
    page = open_page()
    page.goto(live_asgi + "/accounts/login/")
    page.fill("#id_username", personas.clerk_a.username)
    page.fill("#id_password", "not-the-Password-1")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.locator(".alert-danger").inner_text()
