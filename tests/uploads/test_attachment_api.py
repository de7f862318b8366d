"""A 公文's and a notice's attachment can be downloaded through the API as on the page (issue 15: every
action of the browser is in the API): the same permission-checked lookup, the same bytes, served as
the type the gate detected; a person who may not see the owner gets the 404 of a missing one."""

import pytest
from django.urls import reverse

from documents.services.drafting import attachment_add as document_attachment_add
from notices.services.editing import attachment_add as notice_attachment_add
from notices.services.flow import notice_approve, notice_submit
from tests.notices.conftest import notice  # noqa: F401 (fixture)
from tests.trial.reports import GATE, uploaded

pytestmark = pytest.mark.django_db

TEXT = "经审核，同意报送。局长：张三"


def _bytes(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def attachments_of_a(personas, draft, notice, info_leader):  # noqa: F811
    """{kind: (owner's reader, page address, API address, missing-attachment API address)}: a 公文 drafted
    in department A and a notice published to department A only, each with one attachment."""
    document = draft()
    doc_file = document_attachment_add(actor=personas.staff_a, document_id=document.pk, upload=uploaded(text=TEXT), gate=GATE)
    made = notice(departments=[personas.dept_a])
    notice_file = notice_attachment_add(actor=personas.info_center, notice_id=made.pk, upload=uploaded(text=TEXT), gate=GATE)
    notice_submit(actor=personas.info_center, notice_id=made.pk)
    notice_approve(actor=info_leader, notice_id=made.pk)
    return {
        "document": (personas.staff_a, reverse("document-attachment", args=[document.pk, doc_file.pk]),
                     reverse("api-document-attachment", args=[document.pk, doc_file.pk]),
                     reverse("api-document-attachment", args=[document.pk, doc_file.pk + 1000])),
        "notice": (personas.clerk_a, reverse("notice-attachment", args=[made.pk, notice_file.pk]),
                   reverse("api-notice-attachment", args=[made.pk, notice_file.pk]),
                   reverse("api-notice-attachment", args=[made.pk, notice_file.pk + 1000])),
    }


@pytest.mark.parametrize("kind", ["document", "notice"])
def test_the_owner_downloads_through_the_api_the_bytes_of_the_page(kind, attachments_of_a, client, login):
    reader, page, api, _ = attachments_of_a[kind]
    login(reader)
    from_page, from_api = client.get(page), client.get(api)
    assert from_api.status_code == 200 and from_page.status_code == 200
    assert _bytes(from_api) == _bytes(from_page) == TEXT.encode()
    assert from_api["Content-Type"] == from_page["Content-Type"] == "text/plain"  # the detected type
    assert from_api["Content-Disposition"] == from_page["Content-Disposition"]
    assert from_api["Content-Disposition"].startswith("attachment")
    assert from_api["X-Content-Type-Options"] == "nosniff" and "sandbox" in from_api["Content-Security-Policy"]


@pytest.mark.parametrize("kind", ["document", "notice"])
def test_another_department_and_a_missing_attachment_get_404(kind, personas, attachments_of_a, client, login):
    reader, _, api, missing = attachments_of_a[kind]
    login(personas.clerk_b)
    outsider = client.get(api)
    assert outsider.status_code == 404 and outsider.json() == {"detail": "未找到。"}
    client.logout()
    login(reader)
    assert client.get(missing).status_code == 404
