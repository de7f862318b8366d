"""收文: what a person types at a step — 拟办意见, 批示, 办理结果, 答复, 传阅说明, reasons — and the title of a
paper arrival pass the classification gate like titles and bodies do: a marked text is refused, recorded
(hash only), ledgered, and nothing moves."""

import pytest

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.incoming.services.circulation import delivery_circulate
from documents.incoming.services.flow import delivery_complete, delivery_register, delivery_sign_for
from documents.incoming.services.leaders import delivery_instruct, delivery_propose
from documents.incoming.services.paper import delivery_register_paper
from documents.models import Delivery, DeliveryStep
from oa.audit.models import LedgerEntry
from oa.uploads.choices import Source, Verdict
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord
from tests.documents.receiving import propose, to_proposing

pytestmark = pytest.mark.django_db

MARKED = "此件属机密★1年，请严格控制知悉范围"


@pytest.fixture
def registered(personas, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    delivery_sign_for(actor=personas.clerk_b, delivery_id=delivery.pk)
    return delivery_register(actor=personas.clerk_b, delivery_id=delivery.pk)


def _refused_and_unchanged(delivery, state, steps, label):
    delivery.refresh_from_db()
    assert delivery.state == state and DeliveryStep.objects.filter(delivery=delivery).count() == steps
    record = UploadRecord.objects.get(source=Source.TYPED, verdict=Verdict.BLOCKED)
    assert label in record.name and MARKED not in str(record.reasons)  # the text itself is not kept
    assert LedgerEntry.objects.filter(action="upload.blocked").exists()


def test_a_marked_screening_note_is_refused_and_nothing_moves(personas, registered):
    from documents.incoming.services.sorting import delivery_screen

    steps = DeliveryStep.objects.filter(delivery=registered).count()
    with pytest.raises(UploadRefused):
        delivery_screen(actor=personas.clerk_b, delivery_id=registered.pk, handling="task", text=MARKED)
    _refused_and_unchanged(registered, D.REGISTERED, steps, "初审意见")


def test_a_marked_proposal_is_refused_and_nothing_moves(personas, registered):
    to_proposing(personas, registered.pk, registered=True)
    steps = DeliveryStep.objects.filter(delivery=registered).count()
    with pytest.raises(UploadRefused):
        delivery_propose(actor=personas.director_b, delivery_id=registered.pk, text=MARKED, assignee=personas.staff_b,
                         leaders=[personas.leader_b])
    _refused_and_unchanged(registered, D.PROPOSING, steps, "拟办意见")
    assert not registered.leader_turns.exists()


def test_a_marked_instruction_is_refused_and_nothing_moves(personas, registered):
    to_proposing(personas, registered.pk, registered=True)
    propose(personas, registered.pk, text="拟请局长阅示")
    steps = DeliveryStep.objects.filter(delivery=registered).count()
    with pytest.raises(UploadRefused):
        delivery_instruct(actor=personas.leader_b, delivery_id=registered.pk, text=MARKED, assignee=personas.staff_b)
    _refused_and_unchanged(registered, D.PROPOSED, steps, "批示")
    assert registered.leader_turns.get().pending  # the leader's turn is still open


def test_a_marked_reply_is_refused_and_the_work_stays_open(personas, registered):
    to_proposing(personas, registered.pk, registered=True)
    propose(personas, registered.pk, text="拟请局长阅示")
    delivery_instruct(actor=personas.leader_b, delivery_id=registered.pk, text="请办理", assignee=personas.staff_b)
    steps = DeliveryStep.objects.filter(delivery=registered).count()
    with pytest.raises(UploadRefused):
        delivery_complete(actor=personas.staff_b, delivery_id=registered.pk, text="已办理", reply=MARKED)
    _refused_and_unchanged(registered, D.HANDLING, steps, "答复")


def test_a_marked_circulation_note_is_refused(personas, registered):
    with pytest.raises(UploadRefused):
        delivery_circulate(actor=personas.clerk_b, delivery_id=registered.pk, readers=[personas.leader_b], note=MARKED)
    assert not registered.circulations.exists()


def test_a_marked_paper_title_is_refused_and_nothing_is_registered(personas):
    before = Delivery.objects.count()
    with pytest.raises(UploadRefused):
        delivery_register_paper(actor=personas.clerk_b, title=f"关于防汛工作的通知（{MARKED}）", sender_name="市水务局")
    assert Delivery.objects.count() == before
    assert "标题" in UploadRecord.objects.get(source=Source.TYPED).name


def test_ordinary_text_passes_without_a_trace(personas, registered):
    to_proposing(personas, registered.pk, registered=True)
    propose(personas, registered.pk, text="拟请局长阅示，由办公室承办")
    delivery_register_paper(actor=personas.clerk_b, title="关于做好秋冬季森林防火工作的通知", sender_name="市林业局")
    assert not UploadRecord.objects.filter(source=Source.TYPED).exists()


def test_someone_who_may_not_take_the_step_is_refused_before_the_gate_reads_their_text(personas, registered):
    from django.core.exceptions import PermissionDenied

    to_proposing(personas, registered.pk, registered=True)
    with pytest.raises(PermissionDenied):
        delivery_propose(actor=personas.staff_b, delivery_id=registered.pk, text=MARKED, assignee=personas.staff_b,
                         leaders=[personas.leader_b])
    assert not UploadRecord.objects.filter(source=Source.TYPED).exists()
