"""档案归档 in the browser: the 档案员 opens 档案 from the menu, files a dispatched 发文 with its 保管期限, and
reads the 归档文件目录 (screenshot var/screenshots/archives-catalogue.png)."""

import pytest

from documents.choices import DocType
from documents.choices import DocumentState as S
from tests.browser.conftest import log_in, shoot

pytestmark = pytest.mark.browser


def test_the_archivist_files_and_reads_the_catalogue(live_asgi, open_page, personas, draft, walk):
    titles = ["关于表彰2026年度电子政务应用先进单位的决定", "关于印发《公文处理实施细则》的通知",
              "关于成立电子政务系统推广应用工作领导小组的决定"]
    for title, doc_type in zip(titles, (DocType.DECISION, DocType.NOTICE, DocType.DECISION), strict=True):
        walk(draft(title=title, doc_type=doc_type), S.DISPATCHED)
    page = log_in(open_page, live_asgi, personas.archivist_a)
    page.goto(f"{live_asgi}/todo/")
    page.click("a[href='/archives/']:has-text('档案')")
    page.wait_for_load_state("load")
    rows = page.locator("#oa-pending-documents tbody tr")
    assert rows.count() == 3
    for _ in range(3):  # file each with the suggested 保管期限 (the 通知 as 永久 instead of 定期30年)
        row = page.locator("#oa-pending-documents tbody tr").first
        if "通知" in row.inner_text():
            row.locator("select[name=retention]").select_option("Y")
        row.locator("button:has-text('归档')").click()
        page.wait_for_load_state("load")
        assert "已归档，档号 J001-WS·" in page.content()
        page.goto(f"{live_asgi}/archives/")
    page.click("#oa-catalogues a:has-text('查看目录')")
    page.wait_for_load_state("load")
    table = page.locator("#oa-catalogue").inner_text()
    for number in ("0001", "0002", "0003"):
        assert f"-Y-BGS-{number}" in table
    for title in titles:
        assert title in table
    shoot(page, "archives-catalogue")
