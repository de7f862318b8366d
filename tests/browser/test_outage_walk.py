"""停机与补登 in the browser: the information center declares a morning outage (desktop); every portal
home shows the notice; a clerk back-registers a document sent on paper meanwhile (tablet); the
information center withdraws a wrong declaration and the notice goes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from oa.trial.models import Outage, OutagePaperItem
from tests.browser.conftest import TABLET, shoot
from tests.browser.test_document_walk import _login

pytestmark = pytest.mark.browser


def _ok(page):
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count(), page.locator(".alert").all_inner_texts()


def test_declare_notice_back_register_withdraw(live_asgi, open_page, personas):
    from oa.portal.seed import seed_portal

    seed_portal()
    day = timezone.localtime() - timedelta(days=2)
    start = day.replace(hour=9, minute=0, second=0, microsecond=0)

    centre = _login(open_page, live_asgi, personas.info_center)
    centre.goto(f"{live_asgi}/trial/outages/")
    centre.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    centre.fill("#id_ends_at", (start + timedelta(hours=2, minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    centre.fill("#id_reason", "机房供电故障")
    centre.click("#oa-outage-form button")
    _ok(centre)
    assert "已结束" in centre.locator("#oa-outages").inner_text()
    shoot(centre, "trial-outages-declared")

    clerk = _login(open_page, live_asgi, personas.clerk_a, TABLET)
    notice = clerk.locator(".oa-outage-notice").inner_text()
    assert f"系统停机公告：{start.year}年{start.month}月{start.day}日 9:00 至 11:30" in notice
    shoot(clerk, "portal-outage-notice-tablet")
    clerk.click(".oa-outage-notice a:has-text('停机补登')")
    clerk.fill("#id_sent_at", (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    clerk.select_option("#id_counterparts", label="乙局")
    clerk.fill("#id_count", "2")
    clerk.click("#oa-outage-item-save")
    _ok(clerk)
    assert "乙局" in clerk.locator("#oa-outage-items").inner_text()
    assert OutagePaperItem.objects.get().count == 2
    shoot(clerk, "trial-outage-back-registered-tablet")

    centre.fill("#oa-outages input[name=reason]", "登记有误")
    centre.click("#oa-outages button:has-text('撤销')")
    _ok(centre)
    assert Outage.objects.get().state == "withdrawn"
    clerk.goto(f"{live_asgi}/")
    assert clerk.locator(".oa-outage-notice").count() == 0
