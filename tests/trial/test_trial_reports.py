"""用户使用报告: 填写中 → 待领导审核 → 已报送 → 已归档 (and 退回). The pre-fill equals the figures
this test works out from the events it creates itself; only the department's leader approves; nothing
is edited after submission; the archive is a real PDF (A4) and DOCX; the chase reaches the clerk of a
draft and the leader of a report waiting for approval."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from documents.services.receiving import delivery_register_paper
from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.feedback.services.flow import ticket_merge
from oa.feedback.services.reporting import ticket_report
from oa.trial.choices import ReportState as R
from oa.trial.choices import TrialState
from oa.trial.models import PaperRequirement, UsageReport
from oa.trial.services.paper import (
    PaperSent,
    paper_confirm,
    paper_only_record,
    paper_record,
    paper_urgent_channel,
)
from oa.trial.services.programme import programme_transition, training_record
from oa.trial.services.reports import (
    attachment_add,
    attachment_remove,
    report_approve,
    report_archive,
    report_chase,
    report_return,
    report_save,
    report_submit,
)
from oa.uploads.screening.declarations import CURRENT_VERSION

pytestmark = pytest.mark.django_db
SECTIONS = {"usage": "系统运行稳定，公文均网上流转。\n全局37人均已开通账号。", "problems": "个别人员操作不熟练。",
            "suggestions": "增加培训场次。"}
GATE = {"declaration_accepted": True, "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


@pytest.fixture
def events(monkeypatch):
    """Live notifications sent by the report services: [(person id, event, payload)]."""
    sent = []
    monkeypatch.setattr("oa.trial.services.reports.notify_person_on_commit",
                        lambda person_id, event, **payload: sent.append((person_id, event, payload)))
    monkeypatch.setattr("oa.trial.services.paper.notify_person_on_commit",
                        lambda person_id, event, **payload: sent.append((person_id, event, payload)))
    return sent


def _ticket(actor, category="software", description="打开发文列表时页面报错，无法继续办理。"):
    return ticket_report(actor=actor, fields={"category": category, "severity": "normal", "description": description})


def _ended(trial):
    programme_transition(actor=trial.created_by, programme_id=trial.pk, action="end")
    return {r.department_id: r for r in UsageReport.objects.filter(programme=trial)}


def test_the_prefill_equals_the_events_and_is_recomputed_at_approval(trial, dispatched, personas, client, login):
    today = timezone.localdate()
    # Logins (through the real login form): A — clerk twice, staff once; B — its clerk once.
    for person in (personas.clerk_a, personas.clerk_a, personas.staff_a, personas.clerk_b):
        login(person)
        client.logout()
    # Documents online: A dispatches four (one urgent) to B.
    normal = [PaperRequirement.objects.get(delivery=dispatched(title=f"平件{i}")) for i in range(3)]
    urgent = PaperRequirement.objects.get(delivery=dispatched(title="急件", urgency="urgent"))
    # On paper: A sends two of the three, B confirms one; the urgent one went on paper only.
    paper_record(actor=personas.clerk_a, requirement_id=normal[0].pk, sent=PaperSent(count=2, sent_on=today, method="exchange"))
    paper_record(actor=personas.clerk_a, requirement_id=normal[1].pk, sent=PaperSent(count=1, sent_on=today, method="courier"))
    paper_confirm(actor=personas.clerk_b, requirement_id=normal[0].pk, count=2)
    paper_urgent_channel(actor=personas.clerk_a, requirement_id=urgent.pk, channel="paper_only")
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="sent", count=3, on_date=today)
    paper_only_record(actor=personas.clerk_a, counterpart_id=personas.dept_b.pk, direction="received", count=1, on_date=today)
    delivery_register_paper(actor=personas.clerk_a, title="关于报送统计数据的函", sender_name="市统计局")
    # Faults: A files two software faults, one suggestion (not a fault) and a duplicate that is merged.
    first = _ticket(personas.staff_a)
    _ticket(personas.clerk_a, category="network", description="内网断开，无法登录。")
    _ticket(personas.staff_a, category="suggestion", description="希望增加批量签收。")
    duplicate = _ticket(personas.clerk_a, description="发文列表打不开")
    ticket_merge(actor=personas.info_center, ticket_id=duplicate.pk, into_id=first.pk)
    # Training: two sessions.
    for expected, attended in ((20, 15), (10, 9)):
        training_record(actor=personas.clerk_a, programme_id=trial.pk, department_id=personas.dept_a.pk, held_on=today,
                        topic="操作培训", expected=expected, attended=attended)

    expected = {
        "active_users": 2, "logins": 3, "online_sent": 4, "online_received": 0, "paper_required": 3, "paper_sent": 2,
        "paper_both": 1, "paper_received": 0, "urgent_online_only": 0, "urgent_paper_only": 1, "paper_only_sent": 3,
        "paper_only_received": 1, "paper_registered": 1, "faults_reported": 2, "training_sessions": 2,
        "training_expected": 30, "training_attended": 24, "compliance": round(100 * 1 / 3, 1),
        "attendance": round(100 * 24 / 30, 1),
    }
    reports = _ended(trial)
    report = report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    assert report.state == R.AWAITING_LEADER and report.submitted_by == personas.clerk_a
    assert {key: report.figures[key] for key in expected} == expected  # (other modules may add figures of their own)

    # B's side of the same events.
    report_b = report_submit(actor=personas.clerk_b, report_id=reports[personas.dept_b.pk].pk, **SECTIONS)
    assert (report_b.figures["logins"], report_b.figures["active_users"], report_b.figures["online_received"],
            report_b.figures["paper_received"], report_b.figures["online_sent"]) == (1, 1, 4, 1, 0)

    # One more login and one more fault before the leader approves: the approved figures include them.
    login(personas.leader_a)
    _ticket(personas.leader_a, category="account", description="账号被锁定。")
    report = report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report.state == R.FILED and report.filed_by == personas.leader_a
    assert {key: report.figures[key] for key in expected} == {**expected, "logins": 4, "active_users": 3, "faults_reported": 3}
    _ticket(personas.staff_a)  # after approval: what was approved is kept
    report.refresh_from_db()
    assert report.figures["faults_reported"] == 3


def test_only_the_departments_leader_approves_and_nothing_is_edited_after_submission(trial, personas, events):
    reports = _ended(trial)
    report = reports[personas.dept_a.pk]
    with pytest.raises(Conflict):  # not yet submitted
        report_approve(actor=personas.leader_a, report_id=report.pk)
    report_save(actor=personas.clerk_a, report_id=report.pk, usage="草稿")
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    leaders = {personas.leader_a.pk, personas.head_a.pk}
    assert {p for p, e, _ in events if e == "trial.report.awaiting"} == leaders
    for wrong in (personas.clerk_a, personas.director_a, personas.staff_a, personas.info_center):
        with pytest.raises(PermissionDenied):
            report_approve(actor=wrong, report_id=report.pk)
    with pytest.raises(Http404):  # B's leader does not even see A's report
        report_approve(actor=personas.leader_b, report_id=report.pk)
    assert LedgerEntry.objects.filter(action="trial.report.approve", outcome="denied").count() == 4
    with pytest.raises(Conflict):
        report_save(actor=personas.clerk_a, report_id=report.pk, usage="改一下")
    with pytest.raises(Conflict):
        report_submit(actor=personas.clerk_a, report_id=report.pk)
    with pytest.raises(PermissionDenied):
        attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=_upload(), gate=GATE)
    report.refresh_from_db()
    assert report.usage == SECTIONS["usage"] and report.state == R.AWAITING_LEADER

    # 退回: a reason is required; back to 填写中, the clerk hears of it, and may edit again.
    with pytest.raises(ValidationError, match="退回原因"):
        report_return(actor=personas.head_a, report_id=report.pk, reason=" ")
    events.clear()
    report = report_return(actor=personas.head_a, report_id=report.pk, reason="“存在问题”写得太简单，请补充。")
    assert report.state == R.DRAFT and report.return_reason.startswith("“存在问题”") and report.returned_by == personas.head_a
    assert personas.clerk_a.pk in {p for p, e, _ in events if e == "trial.report.returned"}
    report = report_save(actor=personas.clerk_a, report_id=report.pk, **{**SECTIONS, "problems": "部分人员操作不熟练，打印习惯未改。"})
    report_submit(actor=personas.clerk_a, report_id=report.pk)
    events.clear()
    report = report_approve(actor=personas.head_a, report_id=report.pk)
    assert report.state == R.FILED and report.problems.startswith("部分人员")
    assert {p for p, e, _ in events if e == "trial.report.filed"} == {personas.info_center.pk}
    with pytest.raises(Conflict):
        report_return(actor=personas.head_a, report_id=report.pk, reason="再改改")
    assert [e.action for e in LedgerEntry.objects.filter(action__startswith="trial.report.", outcome="success")
            .order_by("id")] == ["trial.report.edit", "trial.report.submit", "trial.report.return", "trial.report.edit",
                                 "trial.report.submit", "trial.report.approve"]


def test_a_report_cannot_be_submitted_before_the_trial_ends(trial, personas):
    report = UsageReport.objects.create(programme=trial, department=personas.dept_a)
    with pytest.raises(ValidationError, match="结束后"):
        report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    report.refresh_from_db()
    assert report.state == R.DRAFT and report.figures == {}


def _upload(name="签字盖章扫描件.txt", text="经审核，同意报送。局长：张三"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def test_attachments_pass_the_gate_only_while_draft(trial, personas):
    report = _ended(trial)[personas.dept_a.pk]
    with pytest.raises(ValidationError):
        attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=_upload(),
                       gate={**GATE, "declaration_accepted": False})
    attachment = attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=_upload(), gate=GATE)
    assert attachment.upload_record.verdict == "accepted" and attachment.size > 0
    with pytest.raises(PermissionDenied):  # not one of the report's keepers
        attachment_add(actor=personas.staff_a, report_id=report.pk, upload=_upload(), gate=GATE)
    with pytest.raises(Http404):  # another department does not see it
        attachment_add(actor=personas.clerk_b, report_id=report.pk, upload=_upload(), gate=GATE)
    second = attachment_add(actor=personas.clerk_a, report_id=report.pk, upload=_upload("统计表.txt", "登录 3 次"), gate=GATE)
    attachment_remove(actor=personas.clerk_a, report_id=report.pk, attachment_id=second.pk)
    assert [a.name for a in report.attachments.all()] == ["签字盖章扫描件.txt"]


def _text_of_pdf(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages), [page.mediabox for page in reader.pages]


def _text_of_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_archive_makes_an_a4_pdf_and_a_docx_and_then_nothing_changes(trial, personas, dispatched, client, login):
    import hashlib

    dispatched(title="第一件")
    report = _ended(trial)[personas.dept_a.pk]
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

    text, boxes = _text_of_pdf(pdf)
    squeezed = "".join(text.split())
    assert "甲局关于应用系统试运行情况的用户使用报告" in squeezed
    for needle in ("系统运行稳定，公文均网上流转。", "个别人员操作不熟练。", "增加培训场次。", "使用情况", "存在问题", "意见建议",
                   "网上发文（件）", "需纸质同步（件次）", "双轨同步率", approved_on, personas.leader_a.name):
        assert needle in squeezed, needle
    assert all(abs(float(b.width) - 595.28) < 1 and abs(float(b.height) - 841.89) < 1 for b in boxes)  # A4

    words = _text_of_docx(docx_bytes)
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


def test_the_chase_reaches_the_clerk_of_a_draft_and_the_leader_of_a_waiting_report(trial, personas, events):
    reports = _ended(trial)
    report_submit(actor=personas.clerk_b, report_id=reports[personas.dept_b.pk].pk, **SECTIONS)
    with pytest.raises(PermissionDenied):
        report_chase(actor=personas.clerk_a, programme_id=trial.pk)
    events.clear()
    assert report_chase(actor=personas.info_center, programme_id=trial.pk) == 2
    chased = {p for p, e, _ in events if e == "trial.chased"}
    assert chased == {personas.clerk_a.pk, personas.leader_b.pk, personas.head_b.pk}
    entry = LedgerEntry.objects.get(action="trial.report.chase")
    assert entry.data["drafts"] == [personas.dept_a.pk] and entry.data["awaiting_leader"] == [personas.dept_b.pk]
    assert all(r.last_chased_at for r in UsageReport.objects.all())

    report_approve(actor=personas.leader_b, report_id=reports[personas.dept_b.pk].pk)
    events.clear()
    assert report_chase(actor=personas.info_center, programme_id=trial.pk) == 1  # A only
    assert {p for p, e, _ in events if e == "trial.chased"} == {personas.clerk_a.pk}
    report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    trial.refresh_from_db()
    assert trial.state == TrialState.ENDED  # submitted to the leader is not yet 已报送
    report_approve(actor=personas.head_a, report_id=reports[personas.dept_a.pk].pk)
    trial.refresh_from_db()
    assert trial.state == TrialState.REPORTS_COMPLETE
    report_archive(actor=personas.info_center, report_id=reports[personas.dept_b.pk].pk)
    trial.refresh_from_db()
    assert trial.state == TrialState.REPORTS_COMPLETE
    with pytest.raises(ValidationError, match="均已报送"):
        report_chase(actor=personas.info_center, programme_id=trial.pk)


def test_the_leaders_todo_lists_the_report_waiting_for_approval(trial, personas):
    from oa.trial.todo import report_source

    report = _ended(trial)[personas.dept_a.pk]
    assert report_source(personas.leader_a).count == 0
    report_submit(actor=personas.clerk_a, report_id=report.pk, **SECTIONS)
    source = report_source(personas.leader_a)
    assert source.count == 1 and source.items[0].url == f"/trial/reports/{report.pk}/"
    assert report_source(personas.head_a).count == 1
    assert report_source(personas.leader_b).count == 0 and report_source(personas.clerk_a).count == 0
    report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report_source(personas.head_a).count == 0


JSON = "application/json"


def test_the_whole_flow_through_the_api_with_the_same_checks(trial, personas, client, login):
    reports = _ended(trial)
    pk = reports[personas.dept_a.pk].pk
    base = f"/api/v1/trials/reports/{pk}/"

    login(personas.clerk_a)
    saved = client.post(base, {"usage": "草稿一"}, content_type=JSON)
    assert saved.status_code == 200 and saved.json()["usage"] == "草稿一"
    assert saved.json()["available_transitions"] == ["submit"]
    upload = io.BytesIO("经审核，同意报送。".encode())
    upload.name = "签字件.txt"
    refused = client.post(f"{base}attachments/", {"file": upload})
    assert refused.status_code == 400
    upload.seek(0)
    added = client.post(f"{base}attachments/", {"file": upload, "declaration_accepted": "true",
                                                  "declaration_version": CURRENT_VERSION, "declared_level": "非密"})
    assert added.status_code == 201, added.content
    attachment_id = added.json()["id"]
    assert client.get(f"{base}attachments/{attachment_id}/").status_code == 200
    missing = client.post(f"{base}submit/", {}, content_type=JSON)
    assert missing.status_code == 400 and "存在问题" in str(missing.json())
    submitted = client.post(f"{base}submit/", SECTIONS, content_type=JSON)
    assert submitted.status_code == 200 and submitted.json()["state"] == "awaiting_leader"
    assert client.post(f"{base}approve/", {}, content_type=JSON).status_code == 403
    assert client.post(base, {"usage": "改"}, content_type=JSON).status_code == 409
    assert client.delete(f"{base}attachments/{attachment_id}/").status_code == 409
    assert client.post(f"{base}fly/", {}, content_type=JSON).status_code == 404
    client.logout()

    login(personas.leader_b)
    assert client.post(f"{base}approve/", {}, content_type=JSON).status_code == 404
    client.logout()
    login(personas.info_center)
    assert client.post(f"{base}approve/", {}, content_type=JSON).status_code == 403
    listing = client.get(f"/api/v1/trials/{trial.pk}/reports/").json()
    assert {r["department"]: r["state"] for r in listing["pending"]} == {personas.dept_a.pk: "awaiting_leader",
                                                                          personas.dept_b.pk: "draft"}
    assert client.post(f"/api/v1/trials/{trial.pk}/reports/chase/").json() == {"chased": 2}
    client.logout()

    login(personas.leader_a)
    assert client.get(base).json()["available_transitions"] == ["approve", "return"]
    assert client.post(f"{base}return/", {}, content_type=JSON).status_code == 400
    returned = client.post(f"{base}return/", {"reason": "请补充培训情况。"}, content_type=JSON)
    assert returned.status_code == 200 and returned.json()["state"] == "draft"
    client.logout()
    login(personas.clerk_a)
    assert client.post(f"{base}submit/", {}, content_type=JSON).status_code == 200  # the kept sections
    client.logout()
    login(personas.leader_a)
    approved = client.post(f"{base}approve/", {}, content_type=JSON)
    assert approved.status_code == 200 and approved.json()["state"] == "filed"
    assert approved.json()["figures"]["logins"] >= 1
    assert client.get(f"{base}file/pdf/").status_code == 404  # not yet archived
    assert client.post(f"{base}archive/", {}, content_type=JSON).status_code == 403
    client.logout()
    login(personas.info_center)
    archived = client.post(f"{base}archive/", {}, content_type=JSON)
    assert archived.status_code == 200 and archived.json()["state"] == "archived" and archived.json()["pdf_sha256"]
    assert client.get(f"{base}file/pdf/")["Content-Type"] == "application/pdf"
    assert client.get(f"{base}file/xls/").status_code == 404
    assert client.get(f"/api/v1/trials/{trial.pk}/reports/").json()["filed"][0]["state"] == "archived"
    client.logout()
    login(personas.clerk_a)
    assert client.get(f"/api/v1/trials/{trial.pk}/reports/").status_code == 403


def test_the_pages(trial, personas, client, login):
    reports = _ended(trial)
    pk = reports[personas.dept_a.pk].pk
    login(personas.clerk_a)
    page = client.get(f"/trial/reports/{pk}/").content.decode()
    assert "提交本单位领导审核" in page and "declaration_accepted" in page
    kept = client.post(f"/trial/reports/{pk}/", {**SECTIONS, "problems": "", "save": "1"}, follow=True).content.decode()
    assert "已保存" in kept
    refused = client.post(f"/trial/reports/{pk}/", {**SECTIONS, "problems": "", "submit": "1"}, follow=True).content.decode()
    assert "存在问题" in refused and UsageReport.objects.get(pk=pk).state == R.DRAFT
    done = client.post(f"/trial/reports/{pk}/", {**SECTIONS, "submit": "1"}, follow=True).content.decode()
    assert "已提交本单位领导审核" in done
    assert client.get(f"/trial/{trial.pk}/reports/").status_code == 403
    client.logout()
    login(personas.leader_a)
    page = client.get(f"/trial/reports/{pk}/").content.decode()
    assert "审核同意，报送市信息中心" in page and "退回" in page
    assert "报送市信息中心" in client.post(f"/trial/reports/{pk}/act/approve/", follow=True).content.decode()
    client.logout()
    login(personas.info_center)
    status = client.get(f"/trial/{trial.pk}/reports/").content.decode()
    assert "未报送 1 个" in status and "乙局" in status and "催填写" in status
    chased = client.post(f"/trial/{trial.pk}/reports/chase/", {"next": "reports"}, follow=True).content.decode()
    assert "已向 1 个未报送单位催报" in chased
    archived = client.post(f"/trial/reports/{pk}/act/archive/", follow=True).content.decode()
    assert "已归档" in archived and f"/trial/reports/{pk}/file.pdf" in archived
    assert UsageReport.objects.get(pk=pk).state == R.ARCHIVED


def test_a_report_figures_window_is_the_trial_period(trial, personas, client, login):
    """A login the day after the trial ended is not counted."""
    login(personas.clerk_a)
    client.logout()
    trial.end_date = timezone.localdate() - timedelta(days=1)
    trial.save()
    reports = _ended(trial)
    report = report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    assert report.figures["logins"] == 0


def test_the_leader_who_submitted_a_report_does_not_also_approve_it(trial, personas):
    report = _ended(trial)[personas.dept_a.pk]
    report_submit(actor=personas.leader_a, report_id=report.pk, **SECTIONS)  # a leader may write and submit it
    with pytest.raises(PermissionDenied):
        report_approve(actor=personas.leader_a, report_id=report.pk)
    assert report_approve(actor=personas.head_a, report_id=report.pk).state == R.FILED  # another leader of A does


def test_saving_through_the_api_keeps_the_sections_it_was_not_sent(trial, personas, login):
    report = _ended(trial)[personas.dept_a.pk]
    client = login(personas.clerk_a)
    url = f"/api/v1/trials/reports/{report.pk}/"
    assert client.post(url, SECTIONS, content_type="application/json").status_code == 200
    assert client.post(url, {"usage": "补充：已全部开通。"}, content_type="application/json").status_code == 200
    report.refresh_from_db()
    assert (report.usage, report.problems, report.suggestions) == ("补充：已全部开通。", SECTIONS["problems"],
                                                                   SECTIONS["suggestions"])
    assert client.post(url, {"problems": ""}, content_type="application/json").status_code == 200  # cleared on purpose
    report.refresh_from_db()
    assert report.problems == "" and report.suggestions == SECTIONS["suggestions"]
