"""电子印章验证 in the browser: a recipient downloads the signed PDF of a dispatched document and checks it
on the verification page; the page names the organ, its certificate and the document; a changed file fails."""

import pytest

from documents.choices import DocumentState as S
from tests.browser.conftest import DESKTOP, log_in, shoot
from tests.documents.test_electronic_seal import changed

pytestmark = pytest.mark.browser


def test_a_recipient_verifies_the_signed_pdf_on_the_page(live_asgi, open_page, personas, draft, walk, tmp_path):
    document = walk(draft(title="关于启用电子印章的通知"), S.DISPATCHED)
    page = log_in(open_page, live_asgi, personas.clerk_b, DESKTOP)
    pdf = page.request.get(f"{live_asgi}/documents/{document.pk}/pdf/").body()
    good, bad = tmp_path / "signed.pdf", tmp_path / "changed.pdf"
    good.write_bytes(pdf)
    bad.write_bytes(changed(pdf))

    page.goto(f"{live_asgi}/documents/seals/verify/")
    page.set_input_files("#id_file", str(good))
    page.click("#oa-seal-check")
    page.wait_for_load_state("load")
    result = page.locator("#seal-result").inner_text()
    assert "验证通过" in result and personas.dept_a.name in result and "关于启用电子印章的通知" in result
    assert "市信息中心电子印章演示根证书" in result and "有效" in result
    shoot(page, "seal-verify-ok")

    page.set_input_files("#id_file", str(bad))
    page.click("#oa-seal-check")
    page.wait_for_load_state("load")
    assert "验证未通过" in page.locator("#seal-result").inner_text()
    shoot(page, "seal-verify-changed")
