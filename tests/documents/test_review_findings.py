"""Review of issue 16 (收文 handling): each test is one finding and fails on i16 as it stands."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.incoming.permissions import DELIVERY_FLOW, delivery_actions
from documents.incoming.services.flow import delivery_register, delivery_sign_for
from documents.incoming.services.leaders import delivery_agree
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.sorting import delivery_transfer
from documents.models import Delivery, LeaderTurn
from oa.org.models import Person
from oa.uploads.exceptions import UploadRefused
from tests.documents.receiving import propose, to_proposing, to_registered

pytestmark = pytest.mark.django_db
MARKED = "此件属机密★1年，请严格控制知悉范围"
migration_0006 = importlib.import_module("documents.migrations.0006_receiving_handling")


@pytest.fixture
def delivery(personas, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    return Delivery.objects.get(document=document, department=personas.dept_b)


def _fresh(delivery):
    return Delivery.objects.get(pk=delivery.pk)


def _as_before_issue_16(delivery, state):
    """A delivery as the pre-issue-16 code left it: 拟办 done (proposal text only, no proposed 主办), waiting
    for any leader's 批办; then the 0006 data step runs over it."""
    Delivery.objects.filter(pk=delivery.pk).update(state=state, proposal="拟请领导阅示", handling="",
                                                   proposed_assignee=None)
    migration_0006._forward(django_apps, None)


# 1 -----------------------------------------------------------------------------------------------
def test_a_migrated_proposed_delivery_goes_back_to_the_office_and_moves_on(personas, delivery):
    """Before issue 16 the leader chose the 主办 at 批办; a 领导批示中 delivery carried over by 0006 has no
    proposed 主办 and no leaders named. 0006 sends it back to 待拟办 (the 拟办意见 kept), and the office's
    new 拟办 moves it on; a last leader with no 主办 to hand it to is refused with a message, never a 500."""
    to_registered(personas, delivery.pk)
    _as_before_issue_16(delivery, "proposed")
    d = _fresh(delivery)
    assert (d.state, d.proposal, d.handling) == (D.PROPOSING, "拟请领导阅示", "task")
    assert not LeaderTurn.objects.filter(delivery=delivery).exists()
    propose(personas, delivery.pk)
    delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk)
    d = _fresh(delivery)
    assert d.state == D.HANDLING and d.assignee == personas.staff_b


def test_a_last_leader_with_no_assignee_to_hand_it_to_is_refused_in_words(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(proposed_assignee=None)
    with pytest.raises(ValidationError, match="主办人"):
        delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk)
    assert _fresh(delivery).state == D.PROPOSED


# 2 -----------------------------------------------------------------------------------------------
def test_a_migrated_proposed_delivery_without_active_leaders_is_not_stuck(personas, delivery):
    """0006 asks "every active leader of the department"; a department with none (the 分管领导 post vacant,
    or the leader inactive) gets no LeaderTurn at all, and in 领导批示中 only a current leader may act
    (批示, 退回拟办, 转办 …): nobody can ever move it."""
    to_registered(personas, delivery.pk)
    Person.objects.filter(pk__in=[personas.leader_b.pk, personas.head_b.pk]).update(is_active=False)
    _as_before_issue_16(delivery, "proposed")
    d = _fresh(delivery)
    movers = {a for a in DELIVERY_FLOW.moves} | {"add_leader"}
    active = Person.objects.filter(department=personas.dept_b, is_active=True)
    assert any(set(delivery_actions(p, d)) & movers for p in active), "领导批示中 with nobody able to act"


# 3 -----------------------------------------------------------------------------------------------
def test_agree_with_typed_words_passes_the_classification_gate(personas, delivery):
    """同意拟办 takes optional words (API `text`), stored as the 批示 and as delivery.instruction, but `_write`
    screens the text only for kind=instruct: a marked 同意拟办 is saved."""
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    with pytest.raises(UploadRefused):
        delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk, text=MARKED)
    assert _fresh(delivery).state == D.PROPOSED


# 4 -----------------------------------------------------------------------------------------------
def test_a_paper_arrival_cannot_be_transferred_back_to_a_department_that_has_it(personas):
    """"A department that already has the document cannot be sent it twice" rests on the unique
    (document, department) constraint, which does not cover a paper arrival (document is NULL): 乙局 → 甲局
    → 乙局 gives 乙局 a second delivery of the same paper."""
    d = delivery_register_paper(actor=personas.clerk_b, title="关于征求意见的函", sender_name="省信息中心")
    delivery_register(actor=personas.clerk_b, delivery_id=d.pk)
    copy = delivery_transfer(actor=personas.clerk_b, delivery_id=d.pk, department=personas.dept_a, text="属甲局职责")
    delivery_sign_for(actor=personas.clerk_a, delivery_id=copy.pk)
    delivery_register(actor=personas.clerk_a, delivery_id=copy.pk)
    with pytest.raises(ValidationError, match="不能再转回"):
        delivery_transfer(actor=personas.clerk_a, delivery_id=copy.pk, department=personas.dept_b, text="应由乙局办理")
    assert Delivery.objects.filter(department=personas.dept_b).count() == 1


# 5 -----------------------------------------------------------------------------------------------
def test_a_transfer_by_a_leader_closes_the_leaders_turns(personas, delivery):
    """转办 from 领导批示中 leaves every leader's turn current and open on a closed (已转办) delivery: the API's
    `instructions` and the 收文处理笺 show them as still 正在批示."""
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b, personas.head_b])
    delivery_transfer(actor=personas.leader_b, delivery_id=delivery.pk, department=personas.dept_a, text="属甲局职责")
    assert _fresh(delivery).state == D.TRANSFERRED
    assert not LeaderTurn.objects.filter(delivery=delivery, current=True, done_at__isnull=True).exists()


# 6 -----------------------------------------------------------------------------------------------
JSON = "application/json"


@pytest.mark.parametrize("body", [
    {"handling": "task", "assistants": [10**40]},  # 协办人 (new in issue 16)
    {"handling": "task", "leaders": [10**40]},  # 送批领导 (new in issue 16)
    {"handling": "reading", "readers": [10**40]},  # 阅件 readers / 传阅 (the same unguarded field)
])
def test_api_an_id_too_large_for_the_database_is_a_400_not_a_500(personas, delivery, client, login, body):
    """DeliveryStepForm's many-person fields are plain ModelMultipleChoiceFields, not WholeNumberChoices
    (oa.core.forms): an id the database cannot hold overflows in the query (SQLite: OverflowError). The form
    is validated for every step before the permission check, so anyone who can see a delivery gets a 500."""
    client.raise_request_exception = False
    to_registered(personas, delivery.pk)
    login(personas.clerk_b)
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/screen/", body, content_type=JSON)
    assert response.status_code == 400, response.content.decode()[:200]
    assert _fresh(delivery).state == D.REGISTERED


def test_api_a_due_date_that_is_not_a_string_is_a_400_not_a_500(personas, delivery, client, login):
    """`due` (批示's 办理时限) as a JSON number: DateField.to_python calls .strip() on it → AttributeError, 500
    (pre-existing in OfficeDateField, reachable on every 收文 step since the form is validated first)."""
    client.raise_request_exception = False
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    login(personas.leader_b)
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/instruct/", {"text": "同意", "due": 20991231},
                           content_type=JSON)
    assert response.status_code == 400, response.content.decode()[:200]


# 7 -----------------------------------------------------------------------------------------------
def test_a_transferred_paper_arrival_returned_at_signing_is_not_stuck(personas):
    """A paper arrival has no document, so SENDING_CLERK (the document's drafting department's clerk) is
    nobody. Transferred to 甲局 (a new delivery at 待签收), 甲局 may 退回来文单位 — and the delivery sits in
    已退回 with nobody told and nobody able to resend it; 乙局, who transferred it, never hears."""
    d = delivery_register_paper(actor=personas.clerk_b, title="关于征求意见的函", sender_name="省信息中心")
    delivery_register(actor=personas.clerk_b, delivery_id=d.pk)
    copy = delivery_transfer(actor=personas.clerk_b, delivery_id=d.pk, department=personas.dept_a, text="属甲局职责")
    from documents.incoming.services.flow import delivery_return

    returned = delivery_return(actor=personas.clerk_a, delivery_id=copy.pk, text="不属我局职责")
    assert returned.state == D.RETURNED
    assert DELIVERY_FLOW.waiting_ids(returned), "已退回 with nobody told and nobody who may act"


def test_a_paper_arrival_is_not_returned_at_screening_but_may_be_sent_on(personas):
    """A paper arrival has no sender in the system: 退回 would leave it in 已退回 with nobody told and nobody
    to 重新发送. So 初审 does not offer 退回 for it (the paper goes back by hand) and refuses it through the
    API's step too; 转办 and the sorting stay offered."""
    from django.core.exceptions import PermissionDenied

    from documents.incoming.services.flow import delivery_return

    d = delivery_register_paper(actor=personas.clerk_b, title="关于征求意见的函", sender_name="省信息中心")
    d = delivery_register(actor=personas.clerk_b, delivery_id=d.pk)
    offered = delivery_actions(personas.clerk_b, d)
    assert "return" not in offered and {"screen", "transfer"} <= set(offered)
    with pytest.raises(PermissionDenied):
        delivery_return(actor=personas.clerk_b, delivery_id=d.pk, text="来文不全")
    assert _fresh(d).state == D.REGISTERED


def test_a_delivery_whose_only_asked_leader_leaves_is_not_stuck(personas, delivery):
    """The same dead end without the migration: in 领导批示中 only a leader with a current open turn may act
    (批示, 加送, 退回拟办, 转办). When that leader leaves (deactivated), nobody — not the office director who
    proposed it, not the other leaders — can send it back, re-propose or move it on. (Before issue 16 any
    leader of the department could 批办.)"""
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b])
    Person.objects.filter(pk=personas.leader_b.pk).update(is_active=False)
    d = _fresh(delivery)
    movers = {a for a in DELIVERY_FLOW.moves} | {"add_leader"}
    active = Person.objects.filter(department=personas.dept_b, is_active=True)
    assert any(set(delivery_actions(p, d)) & movers for p in active), "领导批示中 with nobody able to act"
