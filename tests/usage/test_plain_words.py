"""The usage pages speak plain Chinese: every figure is explained in words a department clerk
understands — never a ledger action, a model field or a stored code — and every period is printed as
"2026年10月上半月", never as its code "2026-10-1" (which stays in URLs, form values and the API)."""

import html
import re

import pytest

from oa.usage.figures import COLUMNS, COUNTERS, STATE
from oa.usage.models import UsageCircular

pytestmark = pytest.mark.django_db

IDENTIFIERS = ("auth.login", "is_active", "sign_wd", "done_on_time", "done_yellow", "open_red", "ledger",
               "Person", "Delivery", "document.", "delivery.", "received", "paper_missed", "circ_read", "notices_read")
PERIOD_CODE = re.compile(r"\b20\d\d-\d{1,2}-[12]\b")
SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")  # any field or event name written in code
DOTTED = re.compile(r"\b[a-z]+\.[a-z_]+\b")


def visible_text(page: str) -> str:
    """What a person reads: no scripts or styles, no tags (so no attributes: URLs, form values), no URLs."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<[^>]*>", " ", page)
    page = html.unescape(page)
    return re.sub(r"(https?://|/)[\w./?=&%-]*", " ", page)


def assert_plain(text: str, where: str) -> None:
    for word in IDENTIFIERS:
        assert word not in text, f"{where}: “{word}” shown"
    for pattern in (PERIOD_CODE, SNAKE, DOTTED):
        found = pattern.findall(text)
        assert not found, f"{where}: {found[:5]} shown"


def test_every_figure_is_explained_in_plain_words():
    for code, how in [*COUNTERS.items(), *STATE.items(), *((c.code, c.how) for c in COLUMNS)]:
        assert_plain(how, code)
        assert "：" in how and re.search(r"[\u4e00-\u9fff]{6}", how), code  # a name, then a sentence in Chinese


def test_the_usage_pages_show_no_code_and_name_periods_in_words(personas, half_month, login):
    client = login(personas.info_center)
    response = client.post("/usage/close/", {"period": "2026-10-1"}, follow=True)  # a bulletin and its 报告 draft
    assert response.status_code == 200
    circular = UsageCircular.objects.get(period="2026-10-1")
    pages = {
        "dashboard": "/usage/?period=2026-10-1",
        "running dashboard": "/usage/",
        "department": f"/usage/2026-10-1/departments/{personas.dept_b.pk}/",
        "trend": "/usage/trend/?period=2026-10-1",
        "department trend": f"/usage/trend/?period=2026-10-1&department={personas.dept_b.pk}",
        "bulletins": "/usage/reports/",
        "circulars": "/usage/circulars/",
        "circular": f"/usage/circulars/{circular.pk}/",
    }
    shown = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        shown[name] = visible_text(response.content.decode())
        assert_plain(shown[name], name)
    # The periods are there, in words: the picker, the bulletins' and circulars' tables.
    assert "2026年10月上半月" in shown["dashboard"] and "2026年10月上半月" in shown["bulletins"]
    assert "2026年10月上半月" in shown["circulars"]
    assert "登录系统的次数" in shown["department"]  # 全部指标 explains each figure
    # … while links and form values keep the code.
    page = client.get("/usage/?period=2026-10-1").content.decode()
    assert '<option value="2026-10-1" selected>2026年10月上半月</option>' in page


def test_the_exports_name_the_period_in_words(personas, half_month, login):
    client = login(personas.info_center)
    response = client.get("/usage/export.xlsx?period=2026-10-1")
    assert response.status_code == 200
    assert "2026%E5%B9%B410%E6%9C%88%E4%B8%8A%E5%8D%8A%E6%9C%88" in response["Content-Disposition"]  # 2026年10月上半月
    assert not PERIOD_CODE.search(response["Content-Disposition"].split("filename*=")[1])
