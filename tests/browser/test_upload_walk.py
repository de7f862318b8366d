"""The classification gate in the browser: a drafter on a tablet tries to attach a classified
DOCX and is told why and where it goes instead; ticks the declaration and attaches a clean file."""

import pytest

from documents.models import Attachment
from oa.uploads.models import UploadRecord
from tests.browser.conftest import DESKTOP, TABLET, shoot
from tests.browser.test_document_walk import _login
from tests.uploads import corpus as c

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, TABLET], ids=["desktop", "tablet"])
def test_a_classified_attachment_is_refused_and_a_clean_one_is_kept(live_asgi, open_page, personas, draft, tmp_path,
                                                                      viewport):
    document = draft()
    classified = tmp_path / "请示.docx"
    classified.write_bytes(c.docx(c.p("000001") + c.p("机密★1年") + c.p("关于某项目的请示")))
    clean = tmp_path / "会议议程.txt"
    clean.write_text("一、开幕\n二、讲话\n", encoding="utf-8")

    page = _login(open_page, live_asgi, personas.staff_a, viewport)
    page.goto(f"{live_asgi}/documents/{document.pk}/edit/")
    page.select_option("#attach_declared_level", "非密")
    page.check("#attach_declaration_accepted")
    page.set_input_files("input[aria-label=附件]", str(classified))
    page.click("form[action$='/attachments/'] button[type=submit]")
    page.wait_for_load_state("load")
    alert = page.locator(".alert-danger, .alert-error, .alert-warning").first.inner_text()
    assert "附件未添加" in alert and "机密★1年" in alert and "机要渠道" in alert
    shoot(page, f"upload-refused-{viewport['width']}")
    assert not Attachment.objects.exists()

    page.select_option("#attach_declared_level", "非密")
    page.set_input_files("input[aria-label=附件]", str(clean))
    form = page.locator("form[action$='/attachments/']")
    form.locator("button[type=submit]").click()  # the declaration is not ticked: the form stays, the file stays chosen
    note = form.locator(".oa-declaration-missing")
    assert note.is_visible() and note.inner_text().startswith("请勾选承诺")
    assert form.locator("input[aria-label=附件]").evaluate("input => input.files[0].name") == "会议议程.txt"

    page.check("#attach_declaration_accepted")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "已添加附件" in page.locator(".alert").first.inner_text()
    assert page.locator("a", has_text="会议议程.txt").count() == 1
    assert Attachment.objects.get().upload_record.person == personas.staff_a
    assert sorted(UploadRecord.objects.values_list("verdict", flat=True)) == ["accepted", "blocked"]
