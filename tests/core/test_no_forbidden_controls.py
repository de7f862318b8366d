"""No control answers 403 to the person it is shown to: each demo role's home page, 待办 and main navigation
pages are read, and every link (and HTMX GET) on them is followed as that person."""

import re
import time
from collections import defaultdict
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Demo-2026oa"

# One person of each role (and of each kind of department that changes what a role sees).
ROLES = ["jmj_staff", "jmj_clerk", "jmj_director", "jmj_section", "jmj_leader", "jmj_head", "jmj_security",
         "swb_clerk", "sfb_head", "dbs_leader", "xxzx_info", "sysadmin", "secadmin", "auditadmin"]
LINK = re.compile(r'<a\b[^>]*?\shref="([^"#][^"]*)"|\shx-get="([^"]+)"|<form\b(?![^>]*method="post")[^>]*\saction="([^"]+)"', re.I)
SKIP = ("/static/", "/accounts/logout/", "/api/", "/ws/")
SAME_KIND = 3  # links that differ only in their ids: the first few of each kind


def _links(html: str) -> list[str]:
    found = []
    for match in LINK.finditer(html):
        url = unescape(next(group for group in match.groups() if group))
        if url.startswith("/") and not url.startswith(SKIP):
            found.append(url)
    return found


def _crawl(client: Client) -> list[tuple[str, str, int]]:
    """(page the link is on, link, status) for every link on the start pages, the pages they lead to in the
    main navigation and person menu, and the links on those."""
    start = ["/", "/todo/"]
    seen, kinds, answers = set(start), defaultdict(int), []
    frontier = [(page, "(start)") for page in start]
    for depth in range(3):
        following = []
        for url, came_from in frontier:
            response = client.get(url, follow=True)  # a redirect that ends in a refusal is a refusal
            answers.append((came_from, url, response.status_code))
            if depth == 2 or response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for link in _links(response.content.decode()):
                kind = re.sub(r"\d+", "N", link.split("?")[0])
                if link in seen or kinds[kind] >= SAME_KIND:
                    continue
                seen.add(link)
                kinds[kind] += 1
                following.append((link, url))
        frontier = following
    return answers


def test_the_supervision_button_only_for_those_it_opens_to(personas, client, login):
    """The 电子监察 button on 收文 shows by the rule its page uses (may_watch_supervision)."""
    login(personas.clerk_a)
    assert "电子监察" not in client.get("/inbox/").content.decode()
    assert client.get("/inbox/supervision/").status_code == 403
    client.logout()
    login(personas.director_a)
    assert "电子监察" in client.get("/inbox/").content.decode()
    assert client.get("/inbox/supervision/").status_code == 200


def test_no_link_shown_to_a_demo_person_answers_403(settings):
    settings.OA_REQUIRE_2FA = False
    call_command("seed_demo", password=PASSWORD)
    refused, started = [], time.monotonic()
    for username in ROLES:
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        answers = _crawl(client)
        assert len(answers) > 10, username
        refused += [(username, page, link) for page, link, status in answers if status == 403]
    assert refused == [], "(person, page, link answering 403)"
    assert time.monotonic() - started < 300
