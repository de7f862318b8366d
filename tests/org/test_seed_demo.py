"""`seed_demo` builds the demo city of seed 004 with documents in flight, and can run again."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document as DocxFile
from pypdf import PdfReader

from documents.choices import DocType
from documents.choices import DocumentState as S
from documents.models import Delivery, Document, SigningAuthority
from documents.rendering.docx import render_docx
from documents.rendering.pdf import render_pdf
from oa.archives.models import ArchiveItem
from oa.audit.services import ledger_verify
from oa.core.todo import todo_sources
from oa.org.choices import Role, SeriesKind
from oa.org.models import Department, NumberSeries, Person

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Demo-2026oa"


def test_seed_demo_twice_gives_one_city_with_work_waiting_for_each_role():
    call_command("seed_demo", password=PASSWORD)
    counts = (Department.objects.count(), Person.objects.count(), Document.objects.count())
    call_command("seed_demo", password=PASSWORD)
    assert (Department.objects.count(), Person.objects.count(), Document.objects.count()) == counts
    assert counts[0] == 20 and counts[2] == 8

    states = sorted(Document.objects.values_list("state", flat=True))
    # 5 issued: 市府办's 4 and seed 004; sfb_archivist filed two of 市府办's (oa/archives/demo.py)
    assert states == sorted([S.DRAFT, S.REVIEW, S.SIGNING, *[S.DISPATCHED] * 3, *[S.ARCHIVED] * 2])
    # 市府办 numbers its 函 in its own series; 市委办 and 市府办 share the joint series of seed 004.
    year = Document.objects.get(doc_type=DocType.LETTER).number_year
    assert sorted(item.code[:12] for item in ArchiveItem.objects.all()) == [f"J002-WS·{year}"] * 2
    assert sorted(d.doc_number for d in Document.objects.filter(issuing_department__slug="sfb")) == [
        f"韶府办〔{year}〕1号", f"韶府办〔{year}〕2号", f"韶府办〔{year}〕3号", f"韶府办函〔{year}〕1号"]
    sfb_series = NumberSeries.objects.filter(organs__slug="sfb", is_active=True)
    assert sorted(sfb_series.values_list("code", flat=True)) == ["韶市办联", "韶府办", "韶府办函", "韶府办纪要"]
    joint = NumberSeries.objects.get(code="韶市办联")
    assert joint.kind == SeriesKind.JOINT and sorted(joint.organs.values_list("slug", flat=True)) == ["sfb", "swb"]
    clerk = Person.objects.get(username="jmj_clerk")
    assert clerk.has_role(Role.CLERK) and clerk.check_password(PASSWORD)
    waiting = Delivery.objects.filter(department__slug="jmj")
    # … and the paper copy of one of them, registered on arrival and matched: closed into it (已并入网上来文)
    assert sorted(waiting.values_list("state", flat=True)) == ["merged", "pending", "pending", "proposed"]
    assert waiting.get(state="merged").merged_into.paper_copies == 2

    def todo_titles(username):
        person = Person.objects.get(username=username)
        return [item.title for source in todo_sources(person) for item in source.items]

    assert any("试运行培训" in title for title in todo_titles("jmj_leader"))
    assert any("规范公文处理" in title for title in todo_titles("jmj_leader"))  # the 收文 the 拟办 sent to them
    assert any("年度统计报表" in title for title in todo_titles("jmj_director"))
    assert any("冬季安全生产" in title for title in todo_titles("jmj_clerk"))
    # both department roles that lead: the 处室负责人 reviews, the 分管领导 signs (a 报告 upwards under authorisation)
    section, leader = Person.objects.get(username="jmj_section"), Person.objects.get(username="jmj_leader")
    assert section.has_role(Role.SECTION_HEAD) and not section.has_role(Role.LEADER, Role.PRINCIPAL_HEAD)
    assert leader.has_role(Role.LEADER) and not leader.has_role(Role.SECTION_HEAD)
    assert any("年度统计报表" in title for title in todo_titles("jmj_section"))
    assert SigningAuthority.objects.get().kinds == [DocType.REPORT]
    # Seed 004 §9: the 督办室 numbers its 通报 in its own series; the half month before last went the whole
    # chain (returned once by the 督办室), the last waits in the information center's draft.
    assert NumberSeries.objects.get(code="韶府督通").kind == SeriesKind.CIRCULAR
    from oa.usage.models import UsageCircular

    issued, waiting = UsageCircular.objects.order_by("period_first")
    assert issued.state == "issued" and issued.number.startswith("韶府督通〔") and issued.number.endswith("〕1号")
    assert [s.action for s in issued.steps.order_by("at", "id")].count("send_back") == 1
    assert waiting.state == "draft" and waiting.remarks
    assert ledger_verify().ok
    seed_004_is_issued_as_it_was()
    the_trials_people_are_seeded(todo_titles)


def the_trials_people_are_seeded(todo_titles):
    """Seed 004 §7's group on the programme, §1/§6 groups for some departments and others chased, §2's paper
    to a recipient outside the trial."""
    from oa.feedback.services.watch import escalation_ids
    from oa.trial.models import CoordinationGroup, PaperRequirement, TrialParticipant

    group = CoordinationGroup.objects.get()
    assert (group.leader.name, group.leader.department.slug, group.deputy.name) == ("李熏杰", "sfb", "陈其宏")
    assert group.fault_phone == "8891904" and [c.name for c in group.contacts.all()] == ["谢金保", "尹德雄", "陈叶飞", "何磊"]
    assert escalation_ids() == {group.leader_id, group.deputy_id}
    assert any(title.startswith("【报送试运行工作组】") for title in todo_titles("fgj_clerk"))
    assert not any(title.startswith("【报送试运行工作组】") for title in todo_titles("jmj_clerk"))
    outside = PaperRequirement.objects.exclude(receiving_department_id__in=TrialParticipant.objects.filter(
        system="office").values("department_id"))
    assert outside.exists()  # e.g. 市信息中心, 抄送 of 市府办's documents


def seed_004_is_issued_as_it_was():
    """韶市办联〔2006〕77号: the joint 通知 of the two offices, countersigned by both heads, both seals."""
    document = Document.objects.get(title="关于做好我市电子政务应用系统试运行有关工作的通知")
    assert document.state == S.DISPATCHED and document.joint and document.sealed
    assert document.issuing_department.name == "中共韶关市委办公室"
    assert [row.department.name for row in document.co_issuers()] == ["韶关市人民政府办公室"]
    # numbered by the lead's clerk in the two offices' joint series, its first number of the year
    assert document.doc_number == f"韶市办联〔{document.number_year}〕1号"
    assert document.co_issuers()[0].countersigned_by.username == "sfb_head"
    assert document.signer.username == "swb_head"  # the lead's head signs, the co-issuer's countersigns
    assert document.printing_org == "中共韶关市委办公室"
    data = render_pdf(document)
    if os.environ.get("OA_KEEP_PDF"):
        Path(os.environ["OA_KEEP_PDF"]).write_bytes(data)
        Path(os.environ["OA_KEEP_PDF"]).with_suffix(".docx").write_bytes(render_docx(document))
    reader = PdfReader(io.BytesIO(data))
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "中共韶关市委办公室" in first and "韶关市人民政府办公室" in first and document.doc_number in first
    assert "市直有关单位：" in first and "九、建立业务系统使用监督检查制度" in "".join(p.extract_text() for p in reader.pages)
    assert "中共韶关市委办公室" in last and "韶关市人民政府办公室" in last and "印发" in last
    docx_text = "\n".join(p.text for p in DocxFile(io.BytesIO(render_docx(document))).paragraphs)
    assert "韶关市人民政府办公室" in docx_text and document.doc_number in docx_text


def test_seed_demo_refuses_a_weak_password():
    with pytest.raises(CommandError, match="至少 8 位"):
        call_command("seed_demo", password="123456")
