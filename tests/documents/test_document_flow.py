"""The whole 发文 graph, every return path, the trail and the ledger."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.choices import Direction, NumberStatus
from documents.choices import DocumentState as S
from documents.models import Delivery, IssuedNumber
from documents.services.errors import Conflict
from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db

NUMBER_RE = re.compile(r"^[\u4e00-\u9fa5]+〔\d{4}〕[1-9]\d*号$")


def test_happy_path_from_draft_to_archive(personas, draft, walk):
    document = walk(draft(), S.ARCHIVED)
    assert NUMBER_RE.match(document.doc_number) and document.doc_number.startswith("韶甲〔")
    assert document.signer == personas.leader_a and document.written_date and document.sealed
    steps = [(s.step, s.actor.username) for s in document.steps.order_by("id")]
    assert steps == [
        ("submit", "a_staff"), ("review", "a_director"), ("sign", "a_leader"), ("check", "a_director"),
        ("number", "a_clerk"), ("seal", "a_clerk"), ("dispatch", "a_clerk"), ("archive", "a_archivist"),
    ]
    actions = list(LedgerEntry.objects.filter(target_type="documents.document", target_id=str(document.pk)).order_by("id").values_list("action", flat=True))
    assert actions == ["document.create", "document.submit", "document.review", "document.sign", "document.check",
                       "document.number", "document.seal", "document.dispatch", "document.archive",
                       # the archived copy is made from the dispatched PDF, signed (electronic seal) on its first
                       # render — here, inside the 归档 step, since nobody downloaded it before
                       "document.seal.sign"]


def test_dispatch_creates_one_delivery_per_main_and_copy_department(personas, draft, walk):
    document = walk(draft(cc=[personas.info_dept]), S.DISPATCHED)
    deliveries = {(d.department.slug, d.kind) for d in Delivery.objects.filter(document=document)}
    assert deliveries == {("deptB", "main"), ("xxzx", "copy")}


@pytest.mark.parametrize("at_state,who", [(S.REVIEW, "director_a"), (S.SIGNING, "leader_a"), (S.CHECK, "director_a")])
def test_every_review_step_can_return_to_the_drafter_with_a_reason(personas, draft, walk, act, at_state, who):
    document = walk(draft(), at_state)
    with pytest.raises(ValidationError):
        act(getattr(personas, who), "return", document, reason="  ")
    document = act(getattr(personas, who), "return", document, reason="请补充工作要求")
    assert document.state == S.DRAFT and document.return_reason == "请补充工作要求"
    assert document.steps.latest("id").opinion == "请补充工作要求"
    assert walk(document, S.ARCHIVED).state == S.ARCHIVED  # and it can go round again


def test_countersigner_can_return(personas, draft, walk, act):
    document = walk(draft(countersigners=[personas.leader_b]), S.REVIEW)
    document = act(personas.director_a, "review", document)
    assert document.state == S.COUNTERSIGN
    document = act(personas.leader_b, "return", document, reason="涉及我局职责表述不准确")
    assert document.state == S.DRAFT


def test_countersign_moves_on_only_when_the_last_signs(personas, draft, walk, act):
    document = walk(draft(countersigners=[personas.leader_b, personas.director_b]), S.REVIEW)
    document = act(personas.director_a, "review", document)
    document = act(personas.director_b, "countersign", document, opinion="同意")
    assert document.state == S.COUNTERSIGN
    with pytest.raises(PermissionDenied):
        act(personas.director_b, "countersign", document)  # no second signature from the same person
    document = act(personas.leader_b, "countersign", document, opinion="同意")
    assert document.state == S.SIGNING
    assert document.countersigns.filter(signed_at__isnull=False).count() == 2


def test_drafter_withdraws_before_signing_but_not_after(personas, draft, walk, act):
    document = walk(draft(), S.SIGNING)
    document = act(personas.staff_a, "withdraw", document)
    assert document.state == S.DRAFT
    document = walk(document, S.CHECK)
    with pytest.raises(Conflict):
        act(personas.staff_a, "withdraw", document)


def test_recheck_sends_a_changed_document_back_to_the_signer(personas, draft, walk, act):
    document = walk(draft(), S.CHECK)
    document = act(personas.director_a, "resign", document, reason="正文第二条有实质性修改")
    assert document.state == S.SIGNING and document.signer is None
    assert walk(document, S.NUMBERING).signer == personas.leader_a


def test_void_after_numbering_keeps_the_number_as_voided(personas, draft, walk, act):
    document = walk(draft(), S.SEALING)
    number = document.doc_number
    document = act(personas.director_a, "void", document, reason="情况已变化，不再发文")
    assert document.state == S.VOIDED and document.doc_number == number
    issued = IssuedNumber.objects.get(document=document)
    assert issued.status == NumberStatus.VOIDED
    next_doc = walk(draft(), S.SEALING)
    assert next_doc.number_seq == document.number_seq + 1  # never reissued, no silent gap


def test_upward_document_is_signed_by_the_principal_head(personas, draft, walk, act):
    document = walk(draft(direction=Direction.UPWARD, doc_type="请示"), S.SIGNING)
    document = act(personas.head_a, "sign", document, opinion="同意")
    step = document.steps.latest("id")
    assert document.signer == personas.head_a and not document.signed_as_standin and not step.as_standin


def test_a_leader_signing_what_is_not_upward_signs_in_his_own_right(personas, draft, walk, act):
    document = act(personas.leader_a, "sign", walk(draft(direction=Direction.DOWNWARD), S.SIGNING), opinion="同意")
    step = document.steps.latest("id")
    assert document.signer == personas.leader_a and not document.signed_as_standin and not step.as_standin
    assert step.authority is None


def test_signing_needs_the_signers_password_or_code(personas, draft, walk, act):
    document = walk(draft(), S.SIGNING)
    with pytest.raises(PermissionDenied, match="签发确认失败"):
        act(personas.leader_a, "sign", document, confirmation="wrong")
    document.refresh_from_db()
    assert document.state == S.SIGNING
    assert LedgerEntry.objects.filter(action="document.sign.confirm", outcome="failure").exists()


def test_handwritten_signature_is_kept_on_the_step(personas, draft, walk, act):
    import base64

    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    document = walk(draft(), S.SIGNING)
    document = act(personas.leader_a, "sign", document, signature_data_url="data:image/png;base64," + base64.b64encode(png).decode())
    assert bytes(document.steps.latest("id").signature_png) == png


def test_a_signature_that_is_not_png_is_refused(personas, draft, walk, act):
    document = walk(draft(), S.SIGNING)
    with pytest.raises(ValidationError):
        act(personas.leader_a, "sign", document, signature_data_url="data:image/png;base64,bm90IGEgcG5n")
    document.refresh_from_db()
    assert document.state == S.SIGNING


def test_submit_needs_a_title_and_recipients(personas, act):
    from documents.services.drafting import document_create

    document = document_create(actor=personas.staff_a, fields={"title": "无主送的稿件"})
    with pytest.raises(ValidationError):
        act(personas.staff_a, "submit", document)
