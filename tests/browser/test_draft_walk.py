"""A drafter's first document (issue 19), desktop and tablet portrait: from 待办 to 提交核稿 without a manual —
the units ticked by group, the 主送 line previewed, 保存并提交核稿 in one step — counting the clicks; a failed
save keeps everything typed and ticked; 撤回 asks first. Screenshots of the form at both widths."""

import re

import pytest

from documents.choices import DocumentState as S
from documents.models import Document
from tests.browser.conftest import DESKTOP, log_in, shoot, until
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.browser

TABLET_PORTRAIT = {"width": 820, "height": 1180}
MAX_CLICKS = 8


class Clicks:
    """Every click and tap the drafter makes, counted (typing is not a click)."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, selector):
        self.count += 1
        self.page.click(selector)


_login = log_in


@pytest.mark.parametrize("viewport, name", [(DESKTOP, "desktop"), (TABLET_PORTRAIT, "tablet")])
def test_a_drafters_first_document_from_todo_to_review(live_asgi, open_page, personas, viewport, name):
    dept_c = DepartmentFactory(name="丙局", short_name="丙局", organ_code="韶丙", slug="deptc")
    page = _login(open_page, live_asgi, personas.staff_a, viewport)
    page.goto(live_asgi + "/todo/")
    click = Clicks(page)
    if page.locator(".navbar-toggler").is_visible():
        click(".navbar-toggler")
    click(".navbar >> text=发文")
    click("#oa-new-document")
    page.wait_for_url(live_asgi + "/documents/new/")
    shoot(page, f"draft-form-{name}")

    # First try: the title forgotten. Units by group, a 主送 line typed into the body (warned about).
    click("#oa-picker-main_departments .oa-picker-group >> text=市直各单位")
    assert page.locator("#oa-picker-main_departments input:checked").count() == 2
    assert page.inner_text(".oa-main-preview-line") == "乙局、丙局："
    click("#id_body")
    page.keyboard.type("各有关单位：\n请于11月8日前报送试运行工作组名单。")
    until(page, "!document.querySelector('.oa-salutation-warning').hidden")
    page.fill("#oa-picker-countersigners [data-oa-picker-search]", "乙局")
    assert page.locator("#oa-picker-countersigners .oa-picker-section:not([hidden]) legend").all_inner_texts() == ["乙局"]
    shoot(page, f"draft-form-filled-{name}")
    click("#oa-save-submit")
    page.wait_for_load_state("load")
    assert "请填写标题。" in page.inner_text("form#oa-document-form")
    assert not Document.objects.exists()
    assert page.is_checked(f"#id_main_departments_{personas.dept_b.pk}") and page.is_checked(f"#id_main_departments_{dept_c.pk}")
    assert "请于11月8日前报送" in page.input_value("#id_body")
    assert page.inner_text(".oa-main-preview-line") == "乙局、丙局："
    shoot(page, f"draft-form-refused-{name}")

    click("#id_title")
    page.keyboard.type("关于报送试运行工作组名单的通知")
    click("#oa-save-submit")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document = Document.objects.get()
    assert document.state == S.REVIEW and document.body == "请于11月8日前报送试运行工作组名单。"
    assert "已保存并提交核稿" in page.inner_text(".alert-success")
    assert click.count <= MAX_CLICKS, click.count
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # 撤回 asks first: dismissed, nothing happens.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#oa-act-withdraw")
    page.wait_for_timeout(300)
    document.refresh_from_db()
    assert document.state == S.REVIEW
    shoot(page, f"draft-submitted-{name}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#oa-act-withdraw")
    page.wait_for_load_state("load")
    until(page, "document.getElementById('oa-act-submit') !== null")
    document.refresh_from_db()
    assert document.state == S.DRAFT
    # 作废 stands apart from 提交核稿, below a rule, and asks first.
    assert page.locator("#oa-act-void").get_attribute("data-confirm").startswith("确定作废")
    assert page.locator("#oa-act-submit").get_attribute("data-confirm") is None
    shoot(page, f"draft-detail-{name}")
    page.goto(f"{live_asgi}/documents/{document.pk}/edit/")
    assert page.is_checked(f"#id_main_departments_{dept_c.pk}")
    shoot(page, f"draft-edit-{name}")
