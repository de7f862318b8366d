"""The reporting form knows the page it was opened from: the document and its state on a 发文 or
收文 page the reporter may see — looked up on the server, never taken from the browser."""

import pytest

from oa.feedback.selectors import page_context

pytestmark = pytest.mark.django_db


def test_a_fault_reported_from_a_document_page_carries_the_document_and_its_state(personas, draft, ticket, login):
    document = draft()
    t = ticket(actor=personas.clerk_a, page_url=f"/documents/{document.pk}/?tab=trail")
    assert t.document == document and t.object_title == document.title and t.object_state == "拟稿"
    assert t.page_url == f"/documents/{document.pk}/" and t.page_label == "发文"
    assert t.user_agent == "Mozilla/5.0 (测试)"
    assert t.reported_by == personas.clerk_a and t.created_at


def test_the_form_shows_the_context_and_the_button_is_on_every_page(personas, draft, login, client):
    document = draft()
    login(personas.staff_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="oa-feedback-button"' in page and f"page=/documents/{document.pk}/" in page
    form = client.get(f"/feedback/new/?page=/documents/{document.pk}/").content.decode()
    assert document.title in form and "拟稿" in form


def test_a_delivery_page_carries_the_delivery(personas, draft, walk):
    document = walk(draft(), "dispatched")
    delivery = document.deliveries.get(department=personas.dept_b)
    context = page_context(personas.clerk_b, f"/inbox/{delivery.pk}/")
    assert context.delivery == delivery and context.document == document and context.state == delivery.get_state_display()


def test_a_document_the_reporter_cannot_see_is_not_recorded(personas, draft):
    document = draft()
    context = page_context(personas.staff_b, f"/documents/{document.pk}/")
    assert context.document is None and context.title == "" and context.url == f"/documents/{document.pk}/"


@pytest.mark.parametrize("url", ["https://evil.example/documents/1/", "//evil.example/x", "javascript:alert(1)", ""])
def test_foreign_or_odd_urls_are_dropped(personas, url):
    assert page_context(personas.staff_a, url).url == ""
