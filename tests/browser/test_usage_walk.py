"""统计 in the browser: the information center opens the dashboard, drills from a department's score
to its late documents, closes the period and downloads the PDF and the DOCX; a department head on
a tablet sees their own department."""

import pytest

from tests.browser.conftest import TABLET, shoot
from tests.browser.test_document_walk import _login
from tests.usage.conftest import clock, half_month  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_info_center_closes_a_period_and_downloads_the_bulletin(live_asgi, open_page, personas, half_month):  # noqa: F811
    page = _login(open_page, live_asgi, personas.info_center)
    page.goto(f"{live_asgi}/todo/")
    page.click("a[href='/usage/']:has-text('统计')")
    page.wait_for_load_state("load")
    assert page.url.endswith("/usage/")
    page.select_option("#oa-period", "2026-10-1")
    page.click("text=查看")
    page.wait_for_load_state("load")
    assert "2026年10月上半月" in page.locator("#oa-usage-table").inner_text()
    charts = page.locator("[data-testid=usage-charts] svg")
    assert charts.count() == 3 and charts.first.bounding_box()["width"] > 300  # drawn, not a broken image
    assert "图1 各单位使用率" in page.locator("[data-testid=usage-charts]").inner_text()
    shoot(page, "usage-dashboard")
    with page.expect_download() as xlsx:
        page.click("[data-testid=usage-xlsx]")
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(open(xlsx.value.path(), "rb").read()))["各单位"]
    assert {row[1].value for row in sheet.iter_rows(min_row=2)} == {"甲局", "乙局", "市信息中心", "全市"}

    page.click(f"[data-testid=score-{personas.dept_b.pk}]")
    page.wait_for_load_state("load")
    late = page.locator("[data-testid=items-on_time]").inner_text()
    assert "关于国庆节前安全检查的通知" in late and "红牌" in late
    assert page.locator("[data-testid=department-trend] svg").count() == 1
    shoot(page, "usage-drilldown")
    page.click("a:has-text('近6期趋势')")
    page.wait_for_load_state("load")
    assert "乙局近6期使用率和按时办结率" in page.locator("[data-testid=trend-chart]").inner_text()
    shoot(page, "usage-trend")
    page.goto(f"{live_asgi}/usage/?period=2026-10-1")
    page.wait_for_load_state("load")

    page.click("[data-testid=usage-close]")
    page.wait_for_load_state("load")
    assert "已生成2026年第19期通报" in page.locator(".alert-success").inner_text()
    with page.expect_download() as pdf:
        page.click("[data-testid=usage-pdf]")
    assert pdf.value.suggested_filename.endswith(".pdf")
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"
    with page.expect_download() as docx:
        page.click("[data-testid=usage-docx]")
    assert open(docx.value.path(), "rb").read(2) == b"PK"
    shoot(page, "usage-closed")

    head = _login(open_page, live_asgi, personas.head_b, TABLET)
    head.goto(f"{live_asgi}/usage/?period=2026-10-1")
    text = head.locator("#oa-usage-table").inner_text()
    assert "乙局" in text and "甲局" not in text
    assert head.locator("[data-testid=usage-charts] svg").count() == 1  # their own department's trend only
    shoot(head, "usage-department-tablet")
    head.goto(f"{live_asgi}/usage/trend/?period=2026-10-1&department={personas.dept_a.pk}")
    assert "甲局" not in head.content()
