"""用户使用报告 files: attachments pass the gate only while the report is a draft; the archive is a real
PDF (A4) and DOCX, and nothing changes after it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from oa.core.exceptions import Conflict
from oa.trial.choices import ReportState as R
from oa.trial.services.reports import (
    attachment_add,
    attachment_remove,
    report_approve,
    report_archive,
    report_submit,
)
from tests.trial.reports import GATE, SECTIONS, ended, text_of_docx, text_of_pdf, uploaded

pytestmark = pytest.mark.django_db


def test_attachments_pass_the_gate_only_while_draft(trial, personas):
    report = ended(trial)[personas.dept_a.pk]
    with pytest.raises(ValidationError):
        attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded(),
                       gate={**GATE, "declaration_accepted": False})
    attachment = attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded(), gate=GATE)
    assert attachment.upload_record.verdict == "accepted" and attachment.size > 0
    with pytest.raises(PermissionDenied):  # not one of the report's keepers
        attachment_add(actor=personas.staff_a, report_id=report.pk, upload=uploaded(), gate=GATE)
    with pytest.raises(Http404):  # another department does not see it
        attachment_add(actor=personas.clerk_b, report_id=report.pk, upload=uploaded(), gate=GATE)
    second = attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=uploaded("统计表.txt", "登录 3 次"), gate=GATE)
    attachment_remove(actor=personas.clerk_a, report_id=report.pk, attachment_id=second.pk)
    assert [a.name for a in report.attachments.all()] == ["签字盖章扫描件.txt"]


def test_archive_makes_an_a4_pdf_and_a_docx_and_then_nothing_changes(trial, personas, dispatched, client, login):
    import hashlib

    dispatched(title="第一件")
    report = ended(trial)[personas.dept_a.pk]
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    with pytest.raises(Conflict):  # not yet approved
        report_archive(actor=personas.info_center, report_id=report.pk)
    report_approve(actor=personas.leader_a, report_id=report.pk)
    with pytest.raises(PermissionDenied):
        report_archive(actor=personas.leader_a, report_id=report.pk)
    report = report_archive(actor=personas.info_center, report_id=report.pk)
    assert report.state == R.ARCHIVED and report.archived_by == personas.info_center
    pdf, docx_bytes = bytes(report.pdf), bytes(report.docx)
    assert report.pdf_sha256 == hashlib.sha256(pdf).hexdigest() and report.docx_sha256 == hashlib.sha256(docx_bytes).hexdigest()
    day = timezone.localtime(report.filed_at).date()
    approved_on = f"{day.year}年{day.month}月{day.day}日"

    text, boxes = text_of_pdf(pdf)
    squeezed = "".join(text.split())
    assert "甲局关于应用系统试运行情况的用户使用报告" in squeezed
    for needle in ("系统运行稳定，公文均网上流转。", "个别人员操作不熟练。", "增加培训场次。", "使用情况", "存在问题", "意见建议",
                   "网上发文（件）", "需纸质同步（件次）", "双轨同步率", approved_on, personas.leader_a.name):
        assert needle in squeezed, needle
    assert all(abs(float(b.width) - 595.28) < 1 and abs(float(b.height) - 841.89) < 1 for b in boxes)  # A4

    words = text_of_docx(docx_bytes)
    for needle in ("甲局关于应用系统试运行情况的用户使用报告", "使用情况", "存在问题", "意见建议", "系统运行稳定，公文均网上流转。",
                   "网上发文（件）", approved_on, personas.leader_a.name, "市信息中心："):
        assert needle in words, needle
    assert "\n1\n" in f"\n{words}\n"  # the one document dispatched online, in the table

    # Immutable afterwards.
    with pytest.raises(Conflict):
        report_archive(actor=personas.info_center, report_id=report.pk)
    report.usage = "篡改"
    with pytest.raises(ValidationError, match="已归档"):
        report.save()
    report.refresh_from_db()
    assert report.usage == SECTIONS["usage"]

    # Downloads for the department and the information center; not for another department.
    for person, status in ((personas.staff_a, 200), (personas.info_center, 200), (personas.clerk_b, 404)):
        login(person)
        for kind in ("pdf", "docx"):
            page = client.get(f"/trial/reports/{report.pk}/file.{kind}")
            api = client.get(f"/api/v1/trials/reports/{report.pk}/file/{kind}/")
            assert page.status_code == api.status_code == status, (person, kind)
            if status == 200:
                assert page.content == api.content == (pdf if kind == "pdf" else docx_bytes)
        client.logout()
