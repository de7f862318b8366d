"""The flow picture with 当前办理人 (issue 19) as a person sees it: a document in 核稿 and a delivery in 批办, at desktop
width (one strip of dots on a line, every step on one row) and on a tablet in portrait (chips that wrap, nothing
wider than the page)."""

import pytest

from documents.choices import DocumentState as S
from documents.models import Delivery
from tests.browser.conftest import DESKTOP, log_in, shoot
from tests.documents.receiving import propose, to_proposing

pytestmark = pytest.mark.browser
PORTRAIT = {"width": 820, "height": 1180}

# The strip's steps as drawn: each one's label, status class, top edge; and whether the strip fits its box.
STRIP = """() => {
  const strip = document.querySelector('#oa-flow');
  const steps = [...strip.querySelectorAll('.oa-flow-step')].map(e => ({
    label: e.querySelector('.oa-flow-label').innerText, status: e.className.replace('oa-flow-step is-', ''),
    top: Math.round(e.getBoundingClientRect().top)}));
  return {steps, handlers: strip.querySelector('#oa-current-handlers').innerText,
          fits: strip.scrollWidth <= strip.clientWidth + 1, page: document.documentElement.scrollWidth <= innerWidth};
}"""


_login = log_in


def test_the_flow_picture_at_desktop_and_tablet_width(live_asgi, open_page, personas, draft, walk):
    document = walk(draft(), S.REVIEW)
    delivery = Delivery.objects.get(document=walk(draft(title="关于报送年度统计报表的通知"), S.DISPATCHED))
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    for person, url, name, current, who in (
            (personas.director_a, f"/documents/{document.pk}/", "document-review", "核稿", personas.director_a.name),
            (personas.leader_b, f"/inbox/{delivery.pk}/", "delivery-proposed", "领导批示", personas.leader_b.name)):
        for viewport, width in ((DESKTOP, "desktop"), (PORTRAIT, "tablet")):
            page = _login(open_page, live_asgi, person, viewport)
            page.goto(live_asgi + url)
            strip = page.evaluate(STRIP)
            shoot(page, f"flow-{name}-{width}")
            assert [s["label"] for s in strip["steps"] if s["status"] == "current"] == [current], strip
            assert strip["steps"][0]["status"] == "done" and who in strip["handlers"], strip
            assert strip["fits"] and strip["page"], (name, width, strip)
            if width == "desktop":  # one row of dots on a line
                assert len({s["top"] for s in strip["steps"]}) == 1, strip
