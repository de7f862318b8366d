"""A paper arrival's scans: taken with the registration (page and API) or added later by the clerk, through
the classification gate like every upload; opened in the browser by whoever sees the delivery."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.choices import DocumentState as S
from documents.incoming.permissions import delivery_actions, may_deliver
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.scans import delivery_scan_add
from documents.models import Delivery, DeliveryScan, DeliveryState, DeliveryStep
from oa.audit.models import LedgerEntry
from oa.uploads.choices import Verdict
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import HeldUpload, UploadRecord
from oa.uploads.review import held_release
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.uploads import corpus as c

pytestmark = pytest.mark.django_db

DECLARED = {"declaration_accepted": "true", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}
ARRIVAL = {"title": "关于报送防汛物资储备情况的函", "sender_name": "省水利厅", "urgency": "normal", "copies": 1}
PURPOSE = "纸质来文扫描件"


@pytest.fixture(scope="module")
def scan_pdf():
    return c.pdf_text("关于报送防汛物资储备情况的函", "请于本月底前报送。")


@pytest.fixture(scope="module")
def marked_pdf():
    return c.pdf_text("机密★1年", "关于某工程的请示")


def _scan(content, name="来文扫描.pdf"):
    return SimpleUploadedFile(name, content)


def _files(settings):
    root = settings.MEDIA_ROOT / "deliveries"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _paper(personas, clerk=None, **extra):
    return delivery_register_paper(actor=clerk or personas.clerk_b, title=ARRIVAL["title"],
                                   sender_name=ARRIVAL["sender_name"], **extra)


def _gate():
    return {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


# --- registering with scans ------------------------------------------------------------------------
def test_the_page_registers_a_paper_arrival_with_its_pdf_scan_and_a_leader_opens_it(personas, client, login, scan_pdf,
                                                                                     settings):
    login(personas.clerk_b)
    response = client.post(reverse("paper-arrival"), {**ARRIVAL, **DECLARED, "scans": [_scan(scan_pdf)]})
    delivery = Delivery.objects.get(title=ARRIVAL["title"])
    assert response.status_code == 302 and response.url == reverse("delivery-detail", args=[delivery.pk])
    scan = delivery.scans.get()
    assert scan.name == "来文扫描.pdf" and scan.uploaded_by == personas.clerk_b and len(_files(settings)) == 1
    record = scan.upload_record
    assert (record.verdict, record.purpose, record.detected_type) == (Verdict.ACCEPTED, PURPOSE, "pdf")
    assert LedgerEntry.objects.filter(action="delivery.attach_scan", target_id=str(delivery.pk)).count() == 1
    assert "来文扫描.pdf" in DeliveryStep.objects.get(delivery=delivery, action="纸质来文登记").text

    client.logout()
    login(personas.leader_b)
    page = client.get(reverse("delivery-detail", args=[delivery.pk])).content.decode()
    url = reverse("delivery-scan", args=[delivery.pk, scan.pk])
    assert url in page and 'id="oa-delivery-scans"' in page and "上传扫描件" not in page  # a leader reads, not adds
    opened = client.get(url)
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert opened["Content-Disposition"].startswith("inline") and opened["X-Content-Type-Options"] == "nosniff"
    assert b"".join(opened.streaming_content) == scan_pdf


def test_a_marked_scan_registers_nothing_and_the_refusal_is_on_record(personas, client, login, scan_pdf, marked_pdf,
                                                                      settings):
    login(personas.clerk_b)
    response = client.post(reverse("paper-arrival"), {
        **ARRIVAL, **DECLARED, "scans": [_scan(scan_pdf, "第1页.pdf"), _scan(marked_pdf, "第2页.pdf")]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "扫描件“第2页.pdf”未通过密级检查，纸质来文未登记" in page and "机密" in page
    assert not Delivery.objects.exists() and not DeliveryScan.objects.exists() and _files(settings) == []
    refused = UploadRecord.objects.get(verdict=Verdict.BLOCKED)
    assert (refused.name, refused.purpose, refused.person) == ("第2页.pdf", PURPOSE, personas.clerk_b)
    assert LedgerEntry.objects.filter(action="upload.blocked", target_id=str(refused.pk)).exists()


def test_the_service_refuses_a_marked_scan_before_its_transaction(personas, marked_pdf):
    with pytest.raises(UploadRefused) as refused:
        _paper(personas, scans=[_scan(marked_pdf)], gate=_gate())
    assert refused.value.record.verdict == Verdict.BLOCKED and not Delivery.objects.exists()


def test_a_scan_without_the_declaration_registers_nothing(personas, scan_pdf):
    with pytest.raises(UploadRefused, match="承诺"):
        _paper(personas, scans=[_scan(scan_pdf)], gate={})
    assert not Delivery.objects.exists()


def test_a_file_that_is_no_scan_is_refused_before_the_gate_reads_it(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="不是扫描件"):
        _paper(personas, scans=[SimpleUploadedFile("说明.docx", b"PK")], gate=_gate())
    assert not Delivery.objects.exists() and not UploadRecord.objects.exists()


def test_a_marked_title_is_refused_before_any_scan_is_read(personas, scan_pdf):
    with pytest.raises(UploadRefused):
        delivery_register_paper(actor=personas.clerk_b, title="机密★1年 关于某工程的请示", sender_name="省厅",
                                scans=[_scan(scan_pdf)], gate=_gate())
    assert not UploadRecord.objects.filter(purpose=PURPOSE).exists() and not Delivery.objects.exists()


def test_a_picture_is_held_for_the_security_officer_and_added_once_released(personas, client, login, settings):
    picture = c.png(64, 48)
    login(personas.clerk_a)
    response = client.post(reverse("paper-arrival"), {**ARRIVAL, **DECLARED, "scans": [_scan(picture, "第1页.png")]},
                           follow=True)
    delivery = Delivery.objects.get()  # registered without the held picture
    page = response.content.decode()
    assert "扫描件“第1页.png”无法自动确认不涉密，已提交本单位保密员审核" in page
    assert not delivery.scans.exists() and _files(settings) == []
    record = UploadRecord.objects.get(verdict=Verdict.REVIEW)
    assert record.purpose == PURPOSE and HeldUpload.objects.filter(record=record).exists()
    assert "待保密员审核：第1页.png" in DeliveryStep.objects.get(delivery=delivery).text

    held_release(actor=personas.security_officer_a, record_id=record.pk, reason="扫描图片，非密")
    upload = client.post(reverse("delivery-scan-upload", args=[delivery.pk]), {"file": _scan(picture, "第1页.png"), **DECLARED})
    assert upload.status_code == 302
    scan = delivery.scans.get()
    assert scan.upload_record.verdict == Verdict.ACCEPTED and len(_files(settings)) == 1
    assert DeliveryStep.objects.filter(delivery=delivery, action="添加扫描件", text="第1页.png").exists()
    opened = client.get(reverse("delivery-scan", args=[delivery.pk, scan.pk]))
    assert opened["Content-Type"] == "image/png" and opened["Content-Disposition"].startswith("inline")
    assert "sandbox" in opened["Content-Security-Policy"]


def test_the_api_returns_a_held_picture_in_held_scans(personas, client, login):
    login(personas.clerk_b)
    response = client.post("/api/v1/deliveries/paper/", {**ARRIVAL, **DECLARED, "scans": [_scan(c.png(), "p.png")]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scans"] == [] and [h["name"] for h in body["held_scans"]] == ["p.png"]
    assert body["held_scans"][0]["upload_record"] == UploadRecord.objects.get(verdict=Verdict.REVIEW).pk


# --- adding later, and who may ---------------------------------------------------------------------
def test_the_clerk_adds_a_scan_later_through_the_api_and_anyone_who_sees_it_opens_it(personas, client, login, scan_pdf):
    delivery = _paper(personas)
    login(personas.clerk_b)
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/scans/", {"file": _scan(scan_pdf), **DECLARED})
    assert response.status_code == 201, response.content
    scan_id = response.json()["id"]
    assert set(response.json()) == {"id", "name", "size", "sha256", "uploaded_at"}
    detail = client.get(f"/api/v1/deliveries/{delivery.pk}/").json()
    assert [s["id"] for s in detail["scans"]] == [scan_id] and "attach_scan" not in detail["available_transitions"]
    client.logout()
    login(personas.staff_b)
    opened = client.get(f"/api/v1/deliveries/{delivery.pk}/scans/{scan_id}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert client.get(f"/api/v1/deliveries/{delivery.pk}/scans/{scan_id + 1}/").status_code == 404


def test_another_departments_person_gets_404_for_the_scan(personas, client, login, scan_pdf):
    delivery = _paper(personas, scans=[_scan(scan_pdf)], gate=_gate())
    scan = delivery.scans.get()
    login(personas.clerk_a)
    assert client.get(reverse("delivery-scan", args=[delivery.pk, scan.pk])).status_code == 404
    assert client.get(f"/api/v1/deliveries/{delivery.pk}/scans/{scan.pk}/").status_code == 404
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/scans/", {"file": _scan(scan_pdf, "x.pdf"), **DECLARED})
    assert response.status_code == 404
    assert not UploadRecord.objects.filter(person=personas.clerk_a).exists()  # not screened for nothing


def test_only_the_clerk_adds_and_only_until_archived(personas, client, login, scan_pdf):
    delivery = _paper(personas)
    login(personas.staff_b)
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/scans/", {"file": _scan(scan_pdf), **DECLARED})
    assert response.status_code == 403
    assert not UploadRecord.objects.exists()  # the look comes before the gate
    assert may_deliver(personas.clerk_b, "attach_scan", delivery)
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.ARCHIVED)
    with pytest.raises(PermissionDenied, match="归档前"):
        delivery_scan_add(actor=personas.clerk_b, delivery_id=delivery.pk, upload=_scan(scan_pdf), gate=_gate())
    assert not DeliveryScan.objects.exists()


def test_a_delivery_of_an_in_system_document_takes_no_scan(personas, draft, walk, client, login):
    document = walk(draft(), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    assert not may_deliver(personas.clerk_b, "attach_scan", delivery)
    assert "attach_scan" not in delivery_actions(personas.clerk_b, delivery)
    login(personas.clerk_b)
    assert 'id="oa-delivery-scans"' not in client.get(reverse("delivery-detail", args=[delivery.pk])).content.decode()


def test_the_delivery_page_reads_the_scans_in_one_query_however_many(personas, client, login, scan_pdf):
    one = _paper(personas, scans=[_scan(scan_pdf)], gate=_gate())
    three = _paper(personas, scans=[_scan(scan_pdf, f"第{n}页.pdf") for n in range(3)], gate=_gate())
    login(personas.leader_b)
    counts = []
    for delivery in (one, three, one):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("delivery-detail", args=[delivery.pk]))
        assert page.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[1] == counts[2]
    scan_queries = [q["sql"] for q in captured.captured_queries if "documents_deliveryscan" in q["sql"]]
    assert len(scan_queries) == 1
