"""A breadth-first walk over the pages one person can reach, read as that person sees them in Chromium:
every same-origin link from the navigation, 待办 and each list's first row (links that differ only in their
ids are followed once), bounded per person. For each page it records what a person should never meet:
an error status, a console error or uncaught exception, a Content-Security-Policy violation, and English
words in the interface (the visible text and the title/placeholder/aria-label/value texts of controls).

Used by tests/browser/test_page_sweep.py; runnable by hand against a dev server:
    python -m tests.browser.sweep http://127.0.0.1:8000 jmj_clerk jmj_leader …
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

# Pages that are not the interface being read: signing out, the JSON API and its schema browser, static files,
# files to download, and Wagtail's editing forms (only its dashboard and page lists are swept).
SKIP_PREFIXES = ("/accounts/logout/", "/api/", "/static/", "/media/", "/ws/", "/admin/", "/documents/cms-images/")
DOWNLOAD = re.compile(r"\.(pdf|docx?|xlsx?|ofd|csv|zip|json|png|jpe?g|txt|sig|p7s)$|/download/?$|/checkpoints/?$"
                      r"|/attachments/\d+/?$|/file\.\w+$|/preview(\.pdf)?/?$", re.I)
CMS_SWEPT = re.compile(r"^/cms/(pages/(\d+/)?)?$")
# Pages whose content depends on who reads them (their work, their rights); the others (help, contacts, usage
# figures, the trial's pages) read the same for everyone and are swept once, for the first person who reaches them.
PERSONAL = re.compile(r"^/($|todo/|documents/|inbox/|notices/|feedback/|cms/|manage/|audit/|uploads/|accounts/)")

# Latin-letter tokens that are proper names of formats, standards and technical terms a Chinese interface also
# writes in Latin letters (GB/T 9704, 导出 Excel, 下载 PDF, TOTP 动态码, OA 系统, 用户 ID …). Anything else in Latin
# letters is English to the person reading the page. Keep this list short: a word belongs here only if the
# Chinese interface of a comparable product (通达, 泛微, 致远) also writes it in Latin letters.
ALLOWED = {
    "PDF", "OFD", "Word", "WPS", "Excel", "CSV", "DOCX", "DOC", "XLSX", "XLS", "PNG", "JPG", "JPEG", "ZIP",  # formats
    "OA", "API", "URL", "ID", "PIN", "TOTP", "IP", "CA", "USB", "HTTP", "HTTPS", "WebSocket", "SM2", "SM3",  # terms
    "GB", "T", "DA", "QR",  # GB/T 9704, DA/T 22 (split at the slash), QR 码
    "UTF", "GBK", "GB18030", "MB", "KB", "Ctrl",  # character sets, sizes, the key held to choose several
    "Wagtail",  # the content system's own name in its admin
}
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z]+)*")
# Not words: e-mail addresses, file names, URLs and paths, version numbers, ids and usernames (user data).
NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail
    r"|https?://\S+|(?<![\w/])/[\w./?=&%-]+"  # URLs and paths
    r"|[\w\u4e00-\u9fff（）()·-]+\.[A-Za-z0-9]{2,5}\b"  # file names with an extension
    r"|\bv?\d+(\.\d+)+\b"  # versions
    r"|\b[a-z0-9]+(_[a-z0-9]+)+\b"  # usernames such as jmj_clerk
    r"|\b[0-9A-F]{8,}\b|\b[0-9a-f]{8,}\b"  # hashes, fingerprints
    r"|\b[A-Z]{1,4}\d{3,}\b"  # numbers such as a ticket's FK000002
)

COLLECT = """
window.__oaViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__oaViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""

# The interface's own words: visible text (what is marked translate="no" aside), plus the texts of controls a person reads or hears.
READ = """() => {
  // What is marked translate="no" is data, not interface (a browser's user agent, a TOTP secret, usernames).
  let body = document.body ? document.body.innerText : "";
  const data = Array.from(document.querySelectorAll("[translate=no]"), el => el.innerText).filter(Boolean);
  data.sort((a, b) => b.length - a.length);  // "jmj_zhangsan" before "jmj"
  for (const text of data) body = body.split(text).join(" ");
  const texts = [body, document.title];
  for (const el of document.querySelectorAll("[title], [placeholder], [aria-label], input[type=submit], input[type=button]")) {
    for (const name of ["title", "placeholder", "aria-label"]) {
      const value = el.getAttribute(name);
      if (value) texts.push(value);
    }
    if (el.matches("input[type=submit], input[type=button]")) texts.push(el.value);
  }
  const links = Array.from(document.querySelectorAll("a[href]"))
    .filter(a => !a.hasAttribute("download") && !a.closest("[hidden]"))
    .map(a => a.href);
  return {texts: texts, links: links, violations: window.__oaViolations || []};
}"""


def english_words(text: str, data=frozenset()) -> set[str]:
    """The Latin-letter words of `text` that are not allowed names, nor `data` (the reader's own username)."""
    text = NOT_WORDS.sub(" ", text)
    return {token for token in TOKEN.findall(text)
            if token not in ALLOWED and token not in data and not re.fullmatch(r"[A-Z]", token)}


def pattern(path: str) -> str:
    """Links that differ only in their ids are the same kind of page."""
    path, _, query = path.partition("?")
    path = re.sub(r"\d+", "N", path)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Finding:
    username: str
    path: str
    kind: str  # status, console, pageerror, csp, english
    detail: str


@dataclass
class Sweep:
    findings: list[Finding] = field(default_factory=list)
    visited: dict[str, list[str]] = field(default_factory=dict)
    common: set[str] = field(default_factory=set)  # kinds of the pages read the same by all, already swept


def login(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sweep_person(context, base: str, username: str, password: str, result: Sweep, *, limit: int = 40,
                 start=("/", "/todo/")) -> None:
    context.add_init_script(COLLECT)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[tuple[str, str]] = []
    page.on("console", lambda message: message.type == "error" and errors.append(("console", message.text)))
    page.on("pageerror", lambda error: errors.append(("pageerror", str(error))))
    login(page, base, username, password)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    queue, seen_kinds, visited = deque(start), {pattern(path) for path in start}, []
    while queue and len(visited) < limit:
        path = queue.popleft()
        errors.clear()
        try:
            response = page.goto(base + path, wait_until="load")
        except Exception as error:  # a download, which is not a page
            if "Download is starting" in str(error):
                continue
            raise
        visited.append(path)
        here = urlsplit(page.url).path
        status = response.status if response else 0
        if status >= 400:
            result.findings.append(Finding(username, path, "status", str(status)))
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            continue
        page.wait_for_timeout(50)  # scripts that run on load (htmx, live badges) report their errors
        read = page.evaluate(READ)
        for kind, text in errors:
            result.findings.append(Finding(username, path, kind, text[:200]))
        for violation in read["violations"]:
            result.findings.append(Finding(username, path, "csp", violation))
        words = set()
        for text in read["texts"]:
            words |= english_words(text, {username})
        if words:
            result.findings.append(Finding(username, path, "english", " ".join(sorted(words))))
        if here.startswith("/cms/") and not CMS_SWEPT.match(here):
            continue
        for href in read["links"]:
            url, _ = urldefrag(href)
            if not url.startswith(origin):
                continue
            link = url[len(origin):] or "/"
            link_path = link.split("?")[0]
            if link_path.startswith(SKIP_PREFIXES) or DOWNLOAD.search(link_path):
                continue
            if link_path.startswith("/cms/") and not CMS_SWEPT.match(link_path):
                continue
            kind = pattern(link)
            if kind in seen_kinds or kind in result.common:
                continue
            seen_kinds.add(kind)
            if not PERSONAL.match(link_path):
                result.common.add(kind)
            queue.append(link)
    result.visited[username] = visited
    page.close()


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    import os
    import sys
    import time

    from playwright.sync_api import sync_playwright

    base, usernames = sys.argv[1], sys.argv[2:]
    result = Sweep()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for username in usernames:
            started = time.monotonic()
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
            sweep_person(context, base, username, "Demo-2026oa", result, limit=int(os.environ.get("LIMIT", 40)))
            context.close()
            print(f"# {username}: {len(result.visited[username])} pages in {time.monotonic() - started:.1f} s")
        browser.close()
    for finding in result.findings:
        print(f"{finding.username}\t{finding.kind}\t{finding.path}\t{finding.detail}")
    for username, pages in result.visited.items():
        print(username, " ".join(pages))
