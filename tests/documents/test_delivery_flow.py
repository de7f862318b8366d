"""收文: the receiving graph, its return paths, circulation with a recall, paper arrivals, 404s."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.incoming.permissions import delivery_actions
from documents.incoming.services.actions import delivery_act
from documents.incoming.services.circulation import (
    circulation_recall,
    delivery_chase,
    delivery_circulate,
    reading_mark_read,
)
from documents.incoming.services.flow import (
    delivery_archive,
    delivery_complete,
    delivery_extend,
    delivery_hand_back,
    delivery_register,
    delivery_request_extension,
    delivery_resend,
    delivery_return,
    delivery_sign_for,
)
from documents.incoming.services.paper import delivery_register_paper
from documents.models import Delivery, Reading
from documents.services.errors import Conflict
from oa.audit.models import LedgerEntry
from tests.documents.receiving import to_handling

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery(personas, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    return Delivery.objects.get(document=document, department=personas.dept_b)


def _walk_to_handling(personas, delivery):
    return to_handling(personas, delivery.pk)


def test_the_whole_receiving_graph(personas, delivery):
    assert delivery.due_date is not None and delivery.title and delivery.sender_name == "甲局"
    d = _walk_to_handling(personas, delivery)
    assert d.state == D.HANDLING and d.assignee == personas.staff_b and d.register_number.startswith("收〔")
    d = delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已按要求成立工作组")
    d = delivery_archive(actor=personas.archivist_b, delivery_id=d.pk)
    assert d.state == D.ARCHIVED
    actions = list(LedgerEntry.objects.filter(target_type="documents.delivery", target_id=str(d.pk)).order_by("id")
                   .values_list("action", flat=True))
    assert actions == ["delivery.sign_for", "delivery.register", "delivery.screen", "delivery.propose",
                       "delivery.instruct", "delivery.complete", "delivery.archive"]
    assert [s.action for s in d.steps.all()] == ["签收", "登记", "初审", "拟办", "批示", "办结", "归档"]


def test_register_numbers_per_department_per_year_never_repeat(personas, draft, walk):
    numbers = []
    for i in range(3):
        document = walk(draft(title=f"第{i}件"), S.DISPATCHED)
        d = Delivery.objects.get(document=document)
        delivery_sign_for(actor=personas.clerk_b, delivery_id=d.pk)
        numbers.append(delivery_register(actor=personas.clerk_b, delivery_id=d.pk).register_seq)
    assert numbers == [1, 2, 3]


def test_return_to_sender_then_resend_pauses_the_clock(personas, delivery):
    with pytest.raises(ValidationError):
        delivery_return(actor=personas.clerk_b, delivery_id=delivery.pk, text="")
    d = delivery_return(actor=personas.clerk_b, delivery_id=delivery.pk, text="缺附件2")
    assert d.state == D.RETURNED and d.return_reason == "缺附件2"
    assert "resend" in delivery_actions(personas.clerk_a, d)  # the sender sees it and can send again
    d = delivery_resend(actor=personas.clerk_a, delivery_id=d.pk, text="已补齐附件")
    assert d.state == D.PENDING


def test_assignee_hands_back_and_asks_for_more_time(personas, delivery):
    d = _walk_to_handling(personas, delivery)
    due = d.due_date
    delivery_request_extension(actor=personas.staff_b, delivery_id=d.pk, text="需征求三个部门意见", days=3)
    d = delivery_extend(actor=personas.leader_b, delivery_id=d.pk, days=3)
    assert d.due_date > due and d.extension_days == 3
    with pytest.raises(ValidationError):
        delivery_extend(actor=personas.leader_b, delivery_id=d.pk, days=13)  # at most 15 in all
    d = delivery_hand_back(actor=personas.staff_b, delivery_id=d.pk, text="不属于本科室职责")
    assert d.state == D.PROPOSING and d.assignee is None  # back to 待拟办 for a new 拟办


def test_reply_is_required_when_asked(personas):
    d = delivery_register_paper(actor=personas.clerk_b, title="关于征求意见的函", sender_name="省信息中心",
                                sender_number="粤信〔2026〕3号", reply_requested=True)
    assert d.state == D.SIGNED and d.on_paper
    delivery_register(actor=personas.clerk_b, delivery_id=d.pk)
    to_handling(personas, d.pk, registered=True, text="请研究答复")
    with pytest.raises(ValidationError):
        delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已研究")
    d = delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已研究", reply="无修改意见")
    assert d.reply == "无修改意见"


def test_paper_registration_is_for_clerks(personas):
    with pytest.raises(PermissionDenied):
        delivery_register_paper(actor=personas.staff_b, title="x", sender_name="y")


def test_circulation_with_several_readers_and_a_recall(personas, delivery):
    d = _walk_to_handling(personas, delivery)
    circulation = delivery_circulate(actor=personas.leader_b, delivery_id=d.pk,
                                     readers=[personas.head_b, personas.director_b, personas.clerk_b], note="请阅")
    assert reading_mark_read(actor=personas.head_b, delivery_id=d.pk) == 1
    assert reading_mark_read(actor=personas.head_b, delivery_id=d.pk) == 0  # once only
    unread = set(Reading.objects.filter(circulation=circulation, read_at__isnull=True).values_list("reader__username", flat=True))
    assert unread == {"b_director", "b_clerk"}
    with pytest.raises(PermissionDenied):
        circulation_recall(actor=personas.clerk_b, circulation_id=circulation.pk)
    assert circulation_recall(actor=personas.leader_b, circulation_id=circulation.pk) == 2
    assert reading_mark_read(actor=personas.director_b, delivery_id=d.pk) == 0  # recalled: nothing left to read


def test_circulation_only_to_colleagues(personas, delivery):
    d = _walk_to_handling(personas, delivery)
    with pytest.raises(ValidationError):
        delivery_circulate(actor=personas.leader_b, delivery_id=d.pk, readers=[personas.leader_a])


# (action, who may take it, who takes it to move on): 初审 is the office's (文书 or 办公室主任), 拟办 the
# office director's, 批示 only the leader the 拟办 asked (head_b is a leader too, but was not asked).
RECEIVING_MATRIX = [
    ("sign_for", {"clerk_b"}, "clerk_b"), ("register", {"clerk_b"}, "clerk_b"),
    ("screen", {"clerk_b", "director_b"}, "clerk_b"), ("propose", {"director_b"}, "director_b"),
    ("instruct", {"leader_b"}, "leader_b"),
]


@pytest.mark.parametrize("who", ["staff_b", "clerk_b", "director_b", "leader_b", "head_b", "clerk_a", "leader_a", "staff_a"])
def test_only_the_right_person_takes_each_receiving_step(personas, delivery, who):
    person = getattr(personas, who)
    for action, allowed, mover in RECEIVING_MATRIX:
        d = Delivery.objects.get(pk=delivery.pk)
        may = action in delivery_actions(person, d)
        assert may == (who in allowed), (action, who)
        # move on as the right person
        delivery_act(actor=getattr(personas, mover), delivery_id=d.pk, action=action,
                     data={"text": "同意", "handling": "task", "assignee": personas.staff_b, "leaders": [personas.leader_b]})


def test_other_departments_get_404(personas, delivery):
    from tests.factories import DepartmentFactory, PersonFactory

    stranger = PersonFactory(department=DepartmentFactory(name="丙局", organ_code="韶丙", slug="deptC"))
    with pytest.raises(Http404):
        delivery_sign_for(actor=stranger, delivery_id=delivery.pk)


def test_racing_sign_for_is_a_conflict(personas, delivery):
    delivery_sign_for(actor=personas.clerk_b, delivery_id=delivery.pk)
    with pytest.raises(Conflict):
        delivery_sign_for(actor=personas.clerk_b, delivery_id=delivery.pk)


def test_chase_by_hand_reaches_the_next_people(personas, delivery):
    d = _walk_to_handling(personas, delivery)
    delivery_chase(actor=personas.director_b, delivery_id=d.pk, text="请本周内办结")
    entry = LedgerEntry.objects.filter(action="delivery.chase").latest("id")
    assert entry.data["to"] == [personas.staff_b.pk]
    with pytest.raises(PermissionDenied):
        delivery_chase(actor=personas.staff_a, delivery_id=d.pk)  # the sender may see it, not chase it


def test_the_paper_arrival_page_registers_and_opens_the_delivery(personas, client, login):
    from django.urls import reverse

    login(personas.clerk_b)
    page = reverse("paper-arrival")
    response = client.post(page, {"title": "省厅来函", "sender_name": "省信息中心", "urgency": "normal", "copies": 1})
    delivery = Delivery.objects.get(title="省厅来函")
    assert response.status_code == 302 and response.url == reverse("delivery-detail", args=[delivery.pk])
    assert "纸质来文已登记" in client.get(response.url).content.decode()
    assert client.post(page, {"title": "", "sender_name": "省信息中心", "urgency": "normal", "copies": 1}).status_code == 200
