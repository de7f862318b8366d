"""Issue 19's sweep: as each kind of demo person — a clerk, a drafter, a department's leader and its office
director, the information center, the system administrator and a leader of the city government office — every
page reachable from the navigation, 待办 and each list's first row answers below 400 with no console error, no
Content-Security-Policy violation and no English word in the interface (tests/browser/sweep.py says what counts
as English and why). The Wagtail admin (/cms/) is swept at its dashboard and page lists."""

import time

import pytest
from django.core.management import call_command

from tests.browser.conftest import DESKTOP
from tests.browser.sweep import Sweep, english_words, sweep_person

pytestmark = pytest.mark.browser
PASSWORD = "Demo-2026oa"
PEOPLE = ["jmj_clerk", "jmj_staff", "jmj_leader", "jmj_director", "xxzx_info", "sysadmin", "sfb_leader"]
PAGES_PER_PERSON = 20


def test_english_is_found_and_names_are_not():
    assert english_words("已保存 Save changes，共 5 Pages") == {"Save", "changes", "Pages"}
    assert english_words("导出 Excel，下载 PDF（GB/T 9704）；按住 Ctrl 多选；TOTP 动态码；jmj_clerk；FK000002") == set()
    assert english_words("附件 关于报送总结的通知.docx，请联系 admin@example.gov.cn，版本 2.1.0") == set()
    assert english_words("欢迎 sysadmin", {"sysadmin"}) == set()


def test_every_page_as_each_demo_person(live_asgi, chromium, settings):
    settings.OA_REQUIRE_2FA = False
    call_command("seed_demo", password=PASSWORD)
    started, result = time.monotonic(), Sweep()
    for username in PEOPLE:
        context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai")
        try:
            sweep_person(context, live_asgi, username, PASSWORD, result, limit=PAGES_PER_PERSON)
        finally:
            context.close()
    elapsed = time.monotonic() - started
    visited = sum(len(pages) for pages in result.visited.values())
    assert visited >= 80, result.visited
    assert "/cms/" in result.visited["sysadmin"] and "/cms/" in result.visited["xxzx_info"]
    assert [f"{f.username} {f.kind} {f.path}: {f.detail}" for f in result.findings] == []
    print(f"swept {visited} pages in {elapsed:.0f} s")


def test_an_empty_multipart_body_reaches_django(live_asgi):
    """Found on the sweep's walk through /cms/: Wagtail's editor pings its editing session with an empty FormData
    (only the closing boundary), which Twisted used to refuse with a 400 before Django saw it (oa/asgi.py)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(live_asgi + "/accounts/login/", data=b"------X--\r\n", method="POST",
                                     headers={"Content-Type": "multipart/form-data; boundary=----X"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403  # Django's CSRF check answered, not the server
