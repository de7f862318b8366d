"""The security officer's review of held uploads: who may see, release and refuse — pages and API."""

import pytest

from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.org.services.roles import role_grant
from oa.uploads.exceptions import UploadHeld, UploadRefused
from oa.uploads.gate import upload_accept
from oa.uploads.models import HeldUpload
from oa.uploads.review import held_refuse, held_release, register_release_handler
from tests.factories import PersonFactory
from tests.uploads import corpus as c

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.uploads.urls")]


@pytest.fixture
def held(personas, declared):
    """A screenshot by department A's staff member, held for review."""
    with pytest.raises(UploadHeld) as caught:
        upload_accept(actor=personas.staff_a, name="截图.png", content=c.png(), purpose="test.gate", **declared)
    return caught.value.record


@pytest.fixture
def officer_b(personas):
    person = PersonFactory(username="b_security", department=personas.dept_b, position="保密员")
    role_grant(actor=None, person=person, role=Role.SECURITY_OFFICER, system=True)
    return person


# persona → (queue page, sees the held record, may decide, API decision status)
MATRIX = {
    "security_officer_a": (200, True, True, 200),
    "info_center": (200, True, False, 403),
    "staff_a": (403, False, False, 403),  # the uploader: sees the record via the API, may not decide
    "leader_a": (403, False, False, 404),
    "staff_b": (403, False, False, 404),
    "officer_b": (200, False, False, 404),
}


@pytest.mark.parametrize("who", MATRIX)
def test_review_permission_matrix(who, personas, officer_b, held, client, login):
    person = officer_b if who == "officer_b" else getattr(personas, who)
    queue_status, sees, may_decide, api_status = MATRIX[who]
    login(person)
    page = client.get("/uploads/review/")
    assert page.status_code == queue_status
    if queue_status == 200:
        assert ("截图.png" in page.content.decode()) is sees
        assert (f"/uploads/review/{held.pk}/release/" in page.content.decode()) is may_decide
    response = client.post(f"/api/v1/uploads/review/{held.pk}/release/", {"reason": "截图不涉密"},
                           content_type="application/json")
    assert response.status_code == api_status, response.content
    held.refresh_from_db()
    assert held.released is may_decide
    file_response = client.get(f"/uploads/review/{held.pk}/file/")
    assert file_response.status_code in ((403, 404) if not may_decide else (403,))


def test_release_through_the_page_is_ledgered_deletes_the_held_bytes_and_tells_the_uploader(
        personas, held, client, login, settings, live_events, django_capture_on_commit_callbacks):
    path = settings.MEDIA_ROOT / HeldUpload.objects.get(record=held).file.name
    login(personas.security_officer_a)
    downloaded = client.get(f"/uploads/review/{held.pk}/file/")
    assert downloaded.status_code == 200 and downloaded.content == c.png()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/uploads/review/{held.pk}/release/", {"reason": "系统截图，不涉密"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.released and held.reviewed_by == personas.security_officer_a and held.review_reason == "系统截图，不涉密"
    assert not path.exists() and not HeldUpload.objects.exists()
    assert LedgerEntry.objects.filter(action="upload.review_opened").exists()
    assert LedgerEntry.objects.get(action="upload.review_released").data["reason"] == "系统截图，不涉密"
    assert (personas.staff_a.pk, "upload.reviewed") in [(pid, event) for pid, event, _ in live_events]


def test_refuse_deletes_the_bytes_and_needs_a_reason(personas, held, settings, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    path = settings.MEDIA_ROOT / HeldUpload.objects.get(record=held).file.name
    with pytest.raises(ValidationError):
        held_refuse(actor=personas.security_officer_a, record_id=held.pk, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        held_refuse(actor=personas.security_officer_a, record_id=held.pk, reason="截图含内部系统界面，不宜上传")
    held.refresh_from_db()
    assert held.reviewed_at and not held.released and not path.exists()
    assert LedgerEntry.objects.filter(action="upload.review_refused").exists()


def test_second_decision_is_a_409(personas, held, client, login):
    held_release(actor=personas.security_officer_a, record_id=held.pk, reason="可以")
    login(personas.security_officer_a)
    response = client.post(f"/api/v1/uploads/review/{held.pk}/refuse/", {"reason": "改主意"}, content_type="application/json")
    assert response.status_code == 409


def test_officer_cannot_review_own_upload(personas, declared):
    with pytest.raises(UploadHeld) as caught:
        upload_accept(actor=personas.security_officer_a, name="a.png", content=c.png(), purpose="", **declared)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        held_release(actor=personas.security_officer_a, record_id=caught.value.record.pk, reason="自己放行")


def test_same_bytes_again_get_the_officers_decision(personas, declared):
    image, other = c.png(), c.png(20, 20)
    with pytest.raises(UploadHeld) as first:
        upload_accept(actor=personas.staff_a, name="a.png", content=image, purpose="", **declared)
    held_release(actor=personas.security_officer_a, record_id=first.value.record.pk, reason="不涉密")
    again = upload_accept(actor=personas.clerk_a, name="b.png", content=image, purpose="", **declared)
    assert again.verdict == "accepted" and "已由保密员" in again.reasons[0]
    with pytest.raises(UploadHeld) as second:
        upload_accept(actor=personas.staff_a, name="c.png", content=other, purpose="", **declared)
    held_refuse(actor=personas.security_officer_a, record_id=second.value.record.pk, reason="含敏感界面")
    with pytest.raises(UploadRefused, match="含敏感界面"):
        upload_accept(actor=personas.staff_a, name="c.png", content=other, purpose="", **declared)


def test_release_handler_receives_the_bytes(personas, declared):
    received = []
    register_release_handler("test.handler", lambda *, record, content, reviewer: received.append((record.pk, content, reviewer)))
    with pytest.raises(UploadHeld) as caught:
        upload_accept(actor=personas.staff_a, name="a.png", content=c.png(), purpose="test.handler:7", **declared)
    held_release(actor=personas.security_officer_a, record_id=caught.value.record.pk, reason="不涉密")
    assert received == [(caught.value.record.pk, c.png(), personas.security_officer_a)]


def test_api_queue_record_and_declaration(personas, held, client, login):
    login(personas.info_center)
    queue = client.get("/api/v1/uploads/review/").json()
    assert [r["id"] for r in queue["results"]] == [held.pk]
    client.logout()
    login(personas.staff_a)
    assert client.get(f"/api/v1/uploads/records/{held.pk}/").json()["review_state"] == "待审核"
    declaration = client.get("/api/v1/uploads/declaration/").json()
    assert "谁上网谁负责" in declaration["text"] and declaration["refused_levels"] == ["绝密", "机密", "秘密"]
    client.logout()
    login(personas.staff_b)
    assert client.get(f"/api/v1/uploads/records/{held.pk}/").status_code == 404


def test_queue_page_lists_blocked_attempts_and_its_queries_do_not_grow_with_rows(
        personas, declared, client, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def attempt(n):
        with pytest.raises(UploadRefused):
            upload_accept(actor=personas.clerk_a, name=f"请示{n}.docx", content=c.docx(c.p("机密★1年")) + bytes([n]),
                          purpose="", **declared)
        with pytest.raises(UploadHeld):
            upload_accept(actor=personas.staff_a, name=f"图{n}.png", content=c.png(10 + n, 10), purpose="", **declared)

    attempt(0)
    login(personas.security_officer_a)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/uploads/review/")
    assert "请示0.docx" in page.content.decode() and "已拦截" in page.content.decode() and "图0.png" in page.content.decode()
    for n in range(1, 5):
        attempt(n)
    with django_assert_num_queries(len(one)):
        page = client.get("/uploads/review/")
    assert "请示4.docx" in page.content.decode()
