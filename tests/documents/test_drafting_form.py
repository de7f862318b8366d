"""The drafter's form (issue 19): grouped pickers for 主送/抄送/会签 posting the same values; the 主送 line shown
as it prints and a 主送 line typed into the body taken out by the service (page and API alike); 保存并提交核稿
in one step (page and API flag), each step ledgered; Word import on the create form through the gate; the
phrases that fit the person's step."""

import io
import re
from datetime import timedelta

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.models import Document
from documents.phrases import STEP_PHRASES, phrases_for, step_phrases
from documents.services.drafting import document_create, split_salutation
from oa.audit.actions import step_code
from oa.audit.models import LedgerEntry
from oa.trial.choices import TrialSystem
from oa.trial.services.programme import programme_create, programme_transition
from oa.uploads.models import UploadRecord
from oa.uploads.screening.declarations import CURRENT_VERSION
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

FORM = {"doc_type": "通知", "direction": "down", "urgency": "normal", "publicity": "active", "joint_mark": "all"}
SUBMIT = step_code("document", "submit")
DECLARED = {"declaration_accepted": "true", "declaration_version": CURRENT_VERSION, "declared_level": "非密"}


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _actions(document) -> list[str]:
    return list(LedgerEntry.objects.filter(target_id=str(document.pk), action__startswith="document.")
                .exclude(action__startswith="document.sign.").order_by("id").values_list("action", flat=True))


@pytest.mark.parametrize("body, line", [
    ("各有关单位：\n现将有关事项通知如下。", "各有关单位"),
    ("\n  市直各单位：\n\n一、总体要求", "市直各单位"),
    ("各县（市、区）人民政府，市直各单位:\n正文", "各县（市、区）人民政府，市直各单位"),
    ("甲局，乙局：\n正文", ""),
    ("市信息中心：\n请于11月8日前报送。", "市信息中心"),
    ("现将有关事项通知如下：\n一、", ""),
    ("一、总体要求：\n按时完成。", ""),
    ("根据工作需要，现通知如下：", ""),
    ("", ""),
])
def test_a_main_line_at_the_head_of_the_body(body, line):
    found, rest = split_salutation(body)
    assert found == line
    if line:
        assert line not in rest and rest.strip() and not rest.startswith("\n")
    else:
        assert rest == body


def test_the_service_takes_the_main_line_out_of_the_body(personas):
    kept = document_create(actor=personas.staff_a, fields={"title": "通知", "body": "各有关单位：\n请按时报送。"},
                           main=[personas.dept_b])
    assert kept.body == "请按时报送。" and kept.recipients_note == "" and "已删除" in kept.notes[0]
    moved = document_create(actor=personas.staff_a, fields={"title": "通知", "body": "各县（市、区）人民政府：\n请按时报送。"})
    assert moved.body == "请按时报送。" and moved.recipients_note == "各县（市、区）人民政府" and "其他主送机关" in moved.notes[0]


def test_the_api_saves_and_submits_in_one_request_and_says_what_it_changed(personas, client, login):
    login(personas.staff_a)
    response = client.post("/api/v1/documents/", {"title": "关于试运行的通知", "body": "各有关单位：\n请按时报送。",
                                                  "main_departments": [personas.dept_b.pk], "submit": True},
                           content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    data = response.json()
    assert data["state"] == S.REVIEW and data["body"] == "请按时报送。" and "各有关单位" in data["notes"][0]
    document = Document.objects.get()
    assert _actions(document) == ["document.create", SUBMIT]
    assert client.get(f"/api/v1/documents/{document.pk}/").json()["notes"] == []


def test_submit_without_a_main_unit_is_refused_before_anything_is_saved(personas, client, login, draft):
    login(personas.staff_a)
    response = client.post("/api/v1/documents/", {"title": "关于试运行的通知", "body": "正文", "submit": True},
                           content_type="application/json")
    assert response.status_code == 400 and "主送机关" in response.content.decode()
    assert not Document.objects.exists()
    document = draft()
    response = client.patch(f"/api/v1/documents/{document.pk}/", {"version": 1, "body": "改过的正文", "submit": True},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == S.REVIEW
    assert _actions(document)[-2:] == ["document.update", SUBMIT]


def _running_trial(personas, departments):
    today = timezone.localdate()
    programme = programme_create(actor=personas.info_center, name="电子政务应用系统试运行",
                                 start_date=today - timedelta(days=3), end_date=today + timedelta(days=20),
                                 participants={TrialSystem.OFFICE: [d.pk for d in departments]})
    programme_transition(actor=personas.info_center, programme_id=programme.pk, action="start")


def test_the_form_offers_groups_and_keeps_what_was_ticked_when_the_save_fails(personas, client, login):
    dept_c = DepartmentFactory(name="丙局", short_name="丙局", organ_code="韶丙", slug="deptc")
    _running_trial(personas, [personas.dept_a, personas.dept_b, dept_c])
    login(personas.staff_a)
    page = client.get("/documents/new/").content.decode()
    groups = {label: ids for ids, label in re.findall(r'data-oa-picker-group="([\d,]+)">([^<]+)</button>', page)}
    ids = ",".join(str(pk) for pk in sorted([personas.dept_b.pk, dept_c.pk]))
    assert groups["市直各单位（2）"] == ids and groups["试运行单位（电子政务应用系统试运行）（2）"] == ids
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page and "保存并提交核稿" in page
    assert str(personas.dept_a.pk) not in {pk for key in groups.values() for pk in key.split(",")}  # not its own unit
    response = client.post("/documents/new/", {"title": "", "body": "请按时报送。", "then": "submit",
                                               "main_departments": [personas.dept_b.pk, dept_c.pk],
                                               "copy_departments": [personas.info_dept.pk],
                                               **FORM})
    page = response.content.decode()
    assert response.status_code == 200 and "请填写标题。" in page and not Document.objects.exists()
    for name, pk in (("main_departments", personas.dept_b.pk), ("main_departments", dept_c.pk),
                     ("copy_departments", personas.info_dept.pk)):
        assert re.search(rf'name="{name}" value="{pk}"[^>]* checked', page), (name, pk)
    assert "请按时报送。" in page and "乙局、丙局：" in page  # the 主送 line as it will print


def test_save_and_submit_from_the_page_goes_through_both_steps(personas, client, login):
    login(personas.staff_a)
    response = client.post("/documents/new/", {"title": "关于试运行的通知", "body": "各有关单位：\n请按时报送。",
                                               "then": "submit", "main_departments": [personas.dept_b.pk],
                                               **FORM}, follow=True)
    document = Document.objects.get()
    assert document.state == S.REVIEW and document.body == "请按时报送。"
    assert _actions(document) == ["document.create", SUBMIT]
    page = response.content.decode()
    assert "已保存并提交核稿。" in page and "已删除" in page


def test_word_import_on_the_create_form_passes_the_gate(personas, client, login):
    login(personas.staff_a)
    base = {"title": "关于试运行的通知", "body": "", "main_departments": [personas.dept_b.pk], **FORM}
    undeclared = client.post("/documents/new/", {**base, "file": SimpleUploadedFile("正文.docx", _docx("一、总体要求"))})
    assert undeclared.status_code == 200 and "勾选承诺" in undeclared.content.decode()
    assert not Document.objects.exists() and not UploadRecord.objects.exists()
    response = client.post("/documents/new/", {**base, **DECLARED, "then": "submit",
                                               "file": SimpleUploadedFile("正文.docx", _docx("一、总体要求", "按时完成。"))})
    document = Document.objects.get()
    assert response.status_code == 302 and "按时完成。" in document.body and document.state == S.REVIEW
    assert UploadRecord.objects.get().purpose == "公文正文导入"
    assert _actions(document) == ["document.create", "document.import_docx", SUBMIT]


def test_a_wps_file_is_refused_in_chinese_and_the_draft_stays(personas, client, login):
    login(personas.staff_a)
    wps = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    response = client.post("/documents/new/", {"title": "通知", "body": "原有正文", **FORM, **DECLARED,
                                               "file": SimpleUploadedFile("正文.wps", wps)}, follow=True)
    document = Document.objects.get()
    page = response.content.decode()
    assert "WPS" in page and "另存为" in page and document.body == "原有正文"
    assert response.redirect_chain[-1][0] == f"/documents/{document.pk}/edit/"


def test_phrases_fit_the_step(personas, draft, walk, client, login):
    assert step_phrases(None)[0] == "同意"  # 收文 keeps the common ones
    assert [p.text for p in phrases_for(personas.staff_a, ["submit", "void"])] == STEP_PHRASES["submit"]
    assert phrases_for(personas.clerk_a, ["number"]) == []
    document = draft()
    login(personas.staff_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'data-phrase="请审核。"' in page and 'data-phrase="同意"' not in page and "请办公室阅处" not in page
    # 作废 stands apart and asks first; 提交核稿 does not.
    assert re.search(r'id="oa-act-void" data-confirm="确定作废', page)
    assert not re.search(r'id="oa-act-submit"[^>]*data-confirm', page)
    document = walk(document, S.SIGNING)
    client.logout()
    login(personas.leader_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'data-phrase="同意"' in page and 'data-phrase="请审核。"' not in page


def test_the_form_reads_the_same_few_queries_however_many_units_and_leaders(personas, pages_within_budget):
    from oa.org.choices import Role
    from tests.factories import person_with_role

    made = []

    def add(n):
        for _ in range(n):
            unit = DepartmentFactory(pilot_office=True)
            person_with_role(f"{unit.slug}_leader", unit, Role.LEADER, "副局长")
            made.append(unit)

    pages_within_budget({("staff_a", "/documents/new/"): 17}, add)  # the units, leaders and trial read once each
