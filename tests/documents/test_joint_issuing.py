"""联合行文: a document of several organs. The co-issuers' heads countersign (联署会签) in their own 待办,
the document waits for every one of them, their people see it, and the lead organ numbers it in the 联合
series the organs share."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from documents.choices import DocumentState as S
from documents.choices import JointMark
from documents.permissions import DOCUMENT_FLOW, may
from documents.selectors import document_for
from documents.services.drafting import document_create, document_update
from documents.services.series import issuing_organ_ids
from documents.todo import documents_waiting_for
from oa.org.choices import Role, SeriesKind
from oa.org.services.series import series_create
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept_c():
    department = DepartmentFactory(name="丙局", short_name="丙局", organ_code="韶丙", slug="deptC")
    department.head = person_with_role("c_head", department, Role.PRINCIPAL_HEAD, "局长")
    department.staff = person_with_role("c_staff", department, Role.STAFF, "科员")
    return department


@pytest.fixture
def joint_draft(personas, dept_c):
    def _draft(**fields):
        return document_create(actor=personas.staff_a, fields={"title": "关于做好试运行有关工作的通知", "body": "各单位要高度重视。",
                                                               **fields},
                               main=[personas.info_dept], co_issuers=[personas.dept_b, dept_c])
    return _draft


def fresh(person):
    person.__dict__.pop("_role_set", None)
    return person


def test_countersigning_waits_for_every_co_issuer(personas, dept_c, joint_draft, act):
    document = act(personas.director_a, "review", act(personas.staff_a, "submit", joint_draft()))
    assert document.state == S.COUNTERSIGN
    assert {personas.head_b.pk, dept_c.head.pk} <= DOCUMENT_FLOW.waiting_ids(document)  # both are told
    assert [d.pk for d in documents_waiting_for(personas.head_b)] == [document.pk]  # in their own 待办
    assert [d.pk for d in documents_waiting_for(dept_c.head)] == [document.pk]

    document = act(personas.head_b, "countersign", document, opinion="同意联合行文")
    assert document.state == S.COUNTERSIGN  # 丙局's head has not countersigned yet
    assert documents_waiting_for(personas.head_b) == []
    assert DOCUMENT_FLOW.waiting_ids(document) >= {dept_c.head.pk} and personas.head_b.pk not in DOCUMENT_FLOW.waiting_ids(document)
    assert not may(personas.head_b, "countersign", document_for(personas.head_b, document.pk))  # once only

    document = act(dept_c.head, "countersign", document, opinion="同意")
    assert document.state == S.SIGNING  # the last co-issuer's head moves it on to the lead's 签发
    rows = list(document.joint_issuers.order_by("position"))
    assert [(r.department_id, r.countersigned_by_id, r.opinion) for r in rows] == [
        (personas.dept_b.pk, personas.head_b.pk, "同意联合行文"), (dept_c.pk, dept_c.head.pk, "同意")]
    steps = [(s.step, s.actor_id) for s in document.steps.order_by("at", "id")]
    assert ("countersign", personas.head_b.pk) in steps and ("countersign", dept_c.head.pk) in steps


def test_only_the_co_issuers_principal_head_countersigns(personas, dept_c, joint_draft, act, walk):
    document = walk(joint_draft(), S.COUNTERSIGN)
    for person in (personas.leader_b, personas.director_b, personas.staff_b, personas.head_a, personas.leader_a):
        assert not may(fresh(person), "countersign", document), person
    assert may(personas.head_b, "countersign", document) and may(dept_c.head, "countersign", document)


def test_a_return_opens_the_countersigning_again(personas, dept_c, joint_draft, act, walk):
    document = act(personas.head_b, "countersign", walk(joint_draft(), S.COUNTERSIGN))
    document = act(dept_c.head, "return", document, reason="请补充试运行时间")
    assert document.state == S.DRAFT
    assert not document.joint_issuers.filter(countersigned_at__isnull=False).exists()
    document = act(personas.director_a, "review", act(personas.staff_a, "submit", document))
    assert document.state == S.COUNTERSIGN and documents_waiting_for(personas.head_b)


def test_co_issuers_people_see_it_others_do_not(personas, dept_c, joint_draft):
    document = joint_draft()
    for person in (personas.staff_b, personas.clerk_b, dept_c.staff, dept_c.head):
        assert document_for(person, document.pk).pk == document.pk
    outsider_dept = DepartmentFactory(name="丁局", short_name="丁局", organ_code="韶丁", slug="deptD")
    outsider = person_with_role("d_head", outsider_dept, Role.PRINCIPAL_HEAD, "局长")
    with pytest.raises(Http404):
        document_for(outsider, document.pk)
    assert not may(outsider, "countersign", document)


def test_the_lead_numbers_it_in_the_joint_series_of_its_organs(personas, dept_c, joint_draft, act, walk):
    document = walk(joint_draft(), S.COUNTERSIGN)
    for head in (personas.head_b, dept_c.head):
        document = act(head, "countersign", document)
    document = walk(document, S.NUMBERING)
    assert issuing_organ_ids(document) == [personas.dept_a.pk, personas.dept_b.pk, dept_c.pk]  # the lead first
    # 甲局 and 乙局 share a series, but not with 丙局: no number, in words
    series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code="韶甲乙联", organs=[personas.dept_a, personas.dept_b])
    with pytest.raises(ValidationError, match="甲局、乙局、丙局没有共用的联合发文字号序列"):
        act(personas.clerk_a, "number", document)
    document.refresh_from_db()
    assert document.state == S.NUMBERING and not document.number_seq
    series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code="韶甲乙丙联",
                  organs=[personas.dept_a, personas.dept_b, dept_c])
    document = walk(document, S.DISPATCH)
    assert document.doc_number == f"韶甲乙丙联〔{document.number_year}〕1号" and document.sealed
    assert [row.department_id for row in document.co_issuers()] == [personas.dept_b.pk, dept_c.pk]


def test_a_document_of_one_organ_asks_nothing_for_its_organs(personas, draft, django_assert_num_queries):
    document = draft()
    with django_assert_num_queries(0):
        assert issuing_organ_ids(document) == [personas.dept_a.pk]


def test_drafting_refuses_a_lead_twice_a_duplicate_or_an_organ_without_a_head(personas, dept_c):
    def create(organs):
        return document_create(actor=personas.staff_a, fields={"title": "通知"}, main=[personas.dept_b], co_issuers=organs)

    with pytest.raises(ValidationError, match="主办机关不能同时作为联署机关"):
        create([personas.dept_a])
    with pytest.raises(ValidationError, match="只能列一次"):
        create([personas.dept_b, personas.dept_b])
    with pytest.raises(ValidationError, match="市信息中心没有主要负责人"):
        create([personas.info_dept])


def test_the_order_can_change_and_the_joint_can_be_undone(personas, dept_c, joint_draft):
    document = joint_draft(joint_mark=JointMark.LEAD)
    assert document.joint and document.joint_mark == JointMark.LEAD
    document = document_update(actor=personas.staff_a, document_id=document.pk, version=document.version, fields={},
                               co_issuers=[dept_c, personas.dept_b])
    assert [row.department_id for row in document.co_issuers()] == [dept_c.pk, personas.dept_b.pk]
    document = document_update(actor=personas.staff_a, document_id=document.pk, version=document.version, fields={},
                               co_issuers=[])
    assert not document.joint and not document.joint_issuers.exists()


def test_the_api_drafts_a_joint_document_and_shows_its_organs(personas, dept_c, client, login):
    login(personas.staff_a)
    created = client.post("/api/v1/documents/", {
        "title": "关于做好试运行有关工作的通知", "main_departments": [personas.info_dept.pk],
        "co_issuers": [dept_c.pk, personas.dept_b.pk], "joint_mark": "all",
    }, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["joint"] is True and body["joint_mark"] == "all"
    assert [row["department"] for row in body["co_issuers"]] == [dept_c.pk, personas.dept_b.pk]
    refused = client.post("/api/v1/documents/", {"title": "通知", "co_issuers": [personas.dept_a.pk]},
                          content_type="application/json")
    assert refused.status_code == 400 and "主办机关" in refused.content.decode()


def test_the_drafting_page_names_the_co_issuers_and_the_head_sees_it_waiting(personas, dept_c, client, login, act):
    from documents.models import Document
    from tests.documents.test_document_pages import _form

    login(personas.staff_a)
    response = client.post("/documents/new/", {**_form(personas), "co_issuers": [personas.dept_b.pk], "joint_mark": "lead"})
    assert response.status_code == 302, response.content.decode()[:300]
    document = Document.objects.get()
    assert document.joint and document.joint_mark == JointMark.LEAD
    assert "联合行文" in client.get(response["Location"]).content.decode()
    client.logout()
    act(personas.director_a, "review", act(personas.staff_a, "submit", document))
    login(personas.head_b)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="oa-act-countersign"' in page


def test_a_co_issuers_head_finds_it_once_among_named_co_signers(personas, dept_c, act):
    """The 待办 condition ORs the co-signers by name with the co-issuers' heads: a joint document with several
    co-signers chosen by name is still one row for the head (no row per 会签 row), on every database."""
    from documents.models import Document

    document = document_create(actor=personas.staff_a, fields={"title": "关于联合开展检查的通知"}, main=[personas.info_dept],
                               countersigners=[personas.director_b, personas.leader_b, dept_c.staff],
                               co_issuers=[personas.dept_b])
    document = act(personas.director_a, "review", act(personas.staff_a, "submit", document))
    parts = DOCUMENT_FLOW.waiting_parts(personas.head_b)
    assert [pk for part in parts for pk in Document.objects.filter(part).values_list("pk", flat=True)] == [document.pk]
    assert [d.pk for d in documents_waiting_for(personas.director_b)] == [document.pk]  # by name, as before


def test_the_page_preview_shows_every_organ_and_each_organs_seal(personas, dept_c, joint_draft, act, walk, client,
                                                                  login):
    """The document page's preview, like the PDF: every organ's name in the mark, each 署名 under its own seal."""
    document = walk(joint_draft(), S.COUNTERSIGN)
    for head in (personas.head_b, dept_c.head):
        document = act(head, "countersign", document)
    series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code="韶甲乙丙联",
                  organs=[personas.dept_a, personas.dept_b, dept_c])
    document = walk(document, S.DISPATCH)
    login(personas.staff_a)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    mark = page[page.index("oa-organ-joint"):page.index("oa-docno")]
    assert all(name in mark for name in (personas.dept_a.name, personas.dept_b.name, dept_c.name))
    assert page.count('class="oa-seal"') == 3 and f"seal.svg?organ={dept_c.pk}" in page
    seal = client.get(f"/documents/{document.pk}/seal.svg?organ={dept_c.pk}")
    lead = client.get(f"/documents/{document.pk}/seal.svg")
    assert seal.status_code == lead.status_code == 200 and seal.content != lead.content  # 丙局's own seal
    assert client.get(f"/documents/{document.pk}/seal.svg?organ={personas.info_dept.pk}").status_code == 404


def test_a_joint_upward_document_names_every_organs_signer_the_leads_first(personas, dept_c, joint_draft):
    """GB/T 9704 7.2.4: a joint 上行文's 签发人 line lists the lead's signer, then each co-issuer's head who
    signed for that organ, in the organs' order; one not yet signed is not named."""
    from django.utils import timezone

    from documents.models import Document, JointIssuer
    from documents.rendering.context import printed

    document = joint_draft(direction="up", doc_type="请示")
    JointIssuer.objects.filter(document=document, department=personas.dept_b).update(
        countersigned_by=personas.head_b, countersigned_at=timezone.now())
    Document.objects.filter(pk=document.pk).update(signer=personas.head_a, signed_at=timezone.now())
    document = Document.objects.get(pk=document.pk)
    assert printed(document).signer_labels == [personas.head_a.name, personas.head_b.name]
    JointIssuer.objects.filter(document=document, department=dept_c).update(countersigned_by=dept_c.head)
    document = Document.objects.get(pk=document.pk)
    assert printed(document).signer_labels == [personas.head_a.name, personas.head_b.name, dept_c.head.name]
    Document.objects.filter(pk=document.pk).update(direction="down")
    assert printed(Document.objects.get(pk=document.pk)).signer_labels == [personas.head_a.name]  # 下行文: the lead's only
