"""The Content-Security-Policy in a real browser: a clerk walks the main pages and nothing is blocked —
no inline script, no event-handler attribute, no eval (htmx filters), and the live WebSocket still
connects under connect-src 'self'. The filters still submit on change and a ticket page still
refreshes on its own live hint, both without inline JavaScript."""

import pytest

from documents.services.drafting import document_create
from oa.feedback.services.reporting import ticket_report
from tests.browser.conftest import until
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser

# Chromium reports every blocked script, style, connection or frame as a securitypolicyviolation event.
COLLECT = """
window.__oaViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__oaViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def test_a_clerk_walks_the_main_pages_without_a_csp_violation(live_asgi, open_page, personas):
    from oa.portal.seed import seed_portal

    seed_portal()
    document = document_create(actor=personas.clerk_a, fields={"title": "关于报送年度工作总结的通知", "body": "请按时报送。"},
                               main=[personas.dept_b], copy=[], countersigners=[])
    ticket = ticket_report(actor=personas.clerk_a, fields={"category": "software", "severity": "normal",
                                                           "description": "打开发文列表时页面报错。"})
    page = _login(open_page, live_asgi, personas.clerk_a)
    page.context.add_init_script(COLLECT)
    console = []
    page.on("console", lambda message: console.append(message.text))

    blocked = {}
    for path in ("/", "/todo/", "/documents/", f"/documents/{document.pk}/", "/inbox/", "/notices/", "/feedback/",
                 f"/feedback/{ticket.pk}/", "/usage/", "/trial/", "/accounts/otp/enrol/", "/api/docs/"):
        page.goto(live_asgi + path)
        page.wait_for_load_state("networkidle")
        if path == "/api/docs/":
            page.wait_for_selector(".swagger-ui .info")  # Swagger UI started from its script file
        blocked[path] = page.evaluate("window.__oaViolations")
    assert blocked == dict.fromkeys(blocked, [])
    assert not [text for text in console if "Content Security Policy" in text]

    page.goto(f"{live_asgi}/feedback/{ticket.pk}/")
    until(page, "document.body.dataset.live === 'on'")  # the WebSocket connected under the policy
    with page.expect_request(lambda request: request.url.endswith(f"/feedback/{ticket.pk}/") and
                             request.headers.get("hx-request") == "true"):
        page.evaluate(f"document.body.dispatchEvent(new CustomEvent('oa:ticket-changed-{ticket.pk}'))")

    page.goto(f"{live_asgi}/documents/?scope=mine")
    with page.expect_navigation():
        page.select_option("select[name=state]", index=1)  # data-oa-autosubmit (static/js/forms.js)
    assert "state=" in page.url
    assert page.evaluate("window.__oaViolations") == []

    # The policy is enforced, and the collector above would have seen it: an inline handler does not run.
    page.evaluate("document.body.setAttribute('onclick', 'window.oaRan = 1'); document.body.click()")
    until(page, "window.__oaViolations.length === 1")
    assert page.evaluate("window.oaRan === undefined")


def test_the_wagtail_admin_runs_under_its_own_policy(live_asgi, open_page, personas):
    from oa.org.services.groups import ensure_role_groups
    from oa.portal.seed import seed_portal

    seed_portal()
    ensure_role_groups()  # after an earlier transactional test's flush, wagtailadmin.access_admin exists again
    page = _login(open_page, live_asgi, personas.system_admin)
    page.context.add_init_script(COLLECT)
    blocked = {}
    for path in ("/cms/", "/cms/pages/"):
        page.goto(live_asgi + path)
        page.wait_for_load_state("networkidle")
        blocked[path] = page.evaluate("window.__oaViolations")
    assert blocked == dict.fromkeys(blocked, [])
