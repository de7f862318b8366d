"""upload_accept / text_check: the declaration, the record, the ledger, held files, alerts, escalation."""

import asyncio
import hashlib

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from oa.audit.models import LedgerEntry
from oa.core.live import person_group
from oa.uploads.exceptions import UploadHeld, UploadRefused
from oa.uploads.gate import text_check, upload_accept
from oa.uploads.models import HeldUpload, ImmutableRecord, UploadRecord
from oa.uploads.screening.markings import DETECTOR_VERSION
from tests.uploads import corpus as c

pytestmark = pytest.mark.django_db

CLASSIFIED = c.docx(c.p("000001") + c.p("机密★1年") + c.p("关于某事项的请示"))


def _upload(person, content, declared, name="通知.docx", **overrides):
    return upload_accept(actor=person, name=name, content=content, purpose="document.attachment:1", **{**declared, **overrides})


def test_accepted_upload_leaves_a_complete_record_and_ledger_entry(personas, declared):
    content = c.docx()
    record = _upload(personas.staff_a, content, declared, declared_type="application/vnd.openxmlformats")
    record.refresh_from_db()
    assert (record.verdict, record.detected_type, record.declared_level) == ("accepted", "docx", "非密")
    assert record.sha256 == hashlib.sha256(content).hexdigest() and record.size == len(content)
    assert record.person == personas.staff_a and record.department == personas.dept_a
    assert record.declaration_version == declared["declaration_version"] and record.detector_version == DETECTOR_VERSION
    assert record.declared_type == "application/vnd.openxmlformats" and record.text_found
    entry = LedgerEntry.objects.get(action="upload.accepted")
    assert entry.target_id == str(record.pk) and entry.data["sha256"] == record.sha256


def test_without_the_ticked_declaration_nothing_is_screened(personas, declared):
    with pytest.raises(UploadRefused, match="请先阅读并勾选承诺"):
        _upload(personas.staff_a, c.docx(), declared, declaration_accepted=False)
    with pytest.raises(UploadRefused, match="承诺内容已更新"):
        _upload(personas.staff_a, c.docx(), declared, declaration_version="2000.1")
    with pytest.raises(UploadRefused, match="请选择文件密级"):
        _upload(personas.staff_a, c.docx(), declared, declared_level="")
    assert not UploadRecord.objects.exists()
    assert LedgerEntry.objects.filter(action="upload.refused").count() == 3


@pytest.mark.parametrize("level", ["绝密", "机密", "秘密"])
def test_choosing_a_classified_level_is_refused_with_where_it_goes_instead(personas, declared, level):
    with pytest.raises(UploadRefused) as refused:
        _upload(personas.staff_a, c.docx(), declared, declared_level=level)
    assert "机要渠道" in refused.value.messages[0] and "纸质" in refused.value.messages[0]
    assert refused.value.record.verdict == "blocked" and refused.value.record.declared_level == level


def test_blocked_upload_keeps_the_record_alerts_the_security_officer_and_stores_no_bytes(personas, declared, live_events):
    with pytest.raises(UploadRefused) as refused:
        _upload(personas.staff_a, CLASSIFIED, declared)
    record = UploadRecord.objects.get()
    assert refused.value.record == record and record.verdict == "blocked"
    assert any("机密★1年" in reason for reason in record.reasons)
    assert not HeldUpload.objects.exists()
    assert LedgerEntry.objects.get(action="upload.blocked").outcome == "denied"
    assert [(pid, event) for pid, event, _ in live_events] == [(personas.security_officer_a.pk, "upload.blocked")]


def test_block_alert_really_reaches_the_security_officers_socket(personas, declared, django_capture_on_commit_callbacks):
    layer = get_channel_layer()

    def upload():
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(UploadRefused):
            _upload(personas.staff_a, CLASSIFIED, declared)

    async def listen():
        # One event loop for the whole conversation: the Redis pub/sub layer keeps channels per loop.
        channel = await layer.new_channel()
        await layer.group_add(person_group(personas.security_officer_a.pk), channel)
        await sync_to_async(upload)()
        return await asyncio.wait_for(layer.receive(channel), timeout=10)

    message = async_to_sync(listen)()
    assert message["event"] == "upload.blocked" and message["payload"]["name"] == "通知.docx"


def test_department_without_security_officer_alerts_the_information_center(personas, declared, live_events):
    with pytest.raises(UploadRefused):
        _upload(personas.staff_b, CLASSIFIED, declared)
    assert [(pid, event) for pid, event, _ in live_events] == [(personas.info_center.pk, "upload.blocked")]


def test_three_blocked_attempts_in_a_day_escalate_to_the_information_center(personas, declared, live_events):
    for n in range(3):
        with pytest.raises(UploadRefused):
            _upload(personas.staff_a, CLASSIFIED + bytes([n]), declared)
        escalations = [e for e in live_events if e[1] == "upload.escalated"]
        assert len(escalations) == (1 if n == 2 else 0)
    assert escalations[0][0] == personas.info_center.pk and escalations[0][2]["count"] == 3
    entry = LedgerEntry.objects.get(action="upload.escalated")
    assert entry.data == {"person": "a_staff", "blocked_in_24h": 3} and entry.department == personas.dept_a
    # Another person's blocks are counted separately.
    with pytest.raises(UploadRefused):
        _upload(personas.clerk_a, CLASSIFIED, declared)
    assert LedgerEntry.objects.filter(action="upload.escalated").count() == 1


def test_review_verdict_holds_the_bytes_and_alerts_the_security_officer(personas, declared, live_events, settings):
    image = c.png()
    with pytest.raises(UploadHeld, match="保密员审核") as held:
        _upload(personas.staff_a, image, declared, name="截图.png")
    record = held.value.record
    assert record.verdict == "review" and record.pending_review
    stored = HeldUpload.objects.get(record=record)
    assert stored.file.name.startswith("held/") and "截图" not in stored.file.name
    assert (settings.MEDIA_ROOT / stored.file.name).read_bytes() == image
    assert live_events[0][:2] == (personas.security_officer_a.pk, "upload.review")


def test_record_is_immutable_except_for_the_review_decision(personas, declared):
    record = _upload(personas.staff_a, c.docx(), declared)
    record.verdict = "blocked"
    with pytest.raises(ImmutableRecord):
        record.save()
    with pytest.raises(ImmutableRecord):
        record.delete()
    with pytest.raises(ImmutableRecord):
        UploadRecord.objects.filter(pk=record.pk).update(verdict="blocked")
    with pytest.raises(ImmutableRecord):
        UploadRecord.objects.all().delete()


def test_typed_marking_in_a_title_is_refused_recorded_and_alerted(personas, live_events):
    with pytest.raises(UploadRefused) as refused:
        text_check(actor=personas.staff_a, fields={"标题": "机密★1年 关于某事项的请示", "正文": "正文"})
    assert "标题中有密级标志“机密★1年”" in refused.value.messages[0]
    record = refused.value.record
    assert (record.source, record.verdict, record.detected_type, record.name) == ("typed", "blocked", "typed", "标题、正文")
    assert live_events[0][:2] == (personas.security_officer_a.pk, "upload.blocked")


@pytest.mark.parametrize("fields", [
    {"标题": "秘密", "正文": "正文"},
    {"标题": "关于某事项的请示", "正文": "密级：机密\n正文内容"},
    {"标题": "关于某事项的请示", "正文": "正文第一段\n絕密★長期"},
])
def test_typed_markings_in_title_or_body_are_refused(personas, fields):
    with pytest.raises(UploadRefused):
        text_check(actor=personas.staff_a, fields=fields)


def test_typed_prose_about_secrecy_passes_without_a_trace(personas):
    text_check(actor=personas.staff_a, fields={"标题": "关于加强保密工作的通知",
                                               "正文": "各单位要做好保密工作，保护商业秘密和工作秘密。\n密级：非密"})
    assert not UploadRecord.objects.exists() and not LedgerEntry.objects.filter(action__startswith="upload.").exists()
