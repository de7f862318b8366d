"""用户使用报告 through the API (the same checks as the services) and the pages."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from oa.trial.choices import ReportState as R
from oa.trial.models import UsageReport
from oa.trial.services.reports import report_submit
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.trial.reports import JSON, SECTIONS, ended

pytestmark = pytest.mark.django_db


def test_the_whole_flow_through_the_api_with_the_same_checks(trial, personas, client, login):
    reports = ended(trial)
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
    reports = ended(trial)
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
    reports = ended(trial)
    report = report_submit(actor=personas.clerk_a, report_id=reports[personas.dept_a.pk].pk, **SECTIONS)
    assert report.figures["logins"] == 0


def test_saving_through_the_api_keeps_the_sections_it_was_not_sent(trial, personas, login):
    report = ended(trial)[personas.dept_a.pk]
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
