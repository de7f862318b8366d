"""收文 after 登记 (issue 16), one path per test: 初审 (退回, 阅件 closing by itself, 转为办件, 转办), 拟办 with
leaders in rounds (in sequence, in parallel, 圈阅, 同意拟办, 加送, 退回拟办), 主办 waiting for 协办, readers'
阅批; then a few of the same checks through /api/v1/deliveries/{id}/{action}/ (403, 409, 400)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.incoming.models import Handling, TurnKind
from documents.incoming.permissions import delivery_actions
from documents.incoming.selectors import deliveries_waiting_for
from documents.incoming.services.circulation import (
    circulation_recall,
    delivery_circulate,
    delivery_remark,
    reading_mark_read,
)
from documents.incoming.services.flow import (
    delivery_assist,
    delivery_complete,
    delivery_register,
    delivery_resend,
    delivery_return,
    delivery_sign_for,
)
from documents.incoming.services.leaders import (
    delivery_add_leader,
    delivery_agree,
    delivery_circle,
    delivery_instruct,
    delivery_send_back,
)
from documents.incoming.services.sorting import delivery_make_task, delivery_screen, delivery_transfer
from documents.models import Delivery, DeliveryStep, Reading
from documents.services.errors import Conflict
from oa.audit.choices import Outcome
from oa.audit.models import LedgerEntry
from oa.org.choices import Role
from oa.uploads.choices import Source, Verdict
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord
from tests.documents.receiving import propose, to_proposing, to_registered
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db
JSON = "application/json"
MARKED = "此件属机密★1年，请严格控制知悉范围"


@pytest.fixture
def delivery(personas, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    return Delivery.objects.get(document=document, department=personas.dept_b)


@pytest.fixture
def deputy(personas):
    """A third leader of department B (another 副局长)."""
    return person_with_role("b_deputy", personas.dept_b, Role.LEADER, "副局长")


def _fresh(delivery):
    return Delivery.objects.get(pk=delivery.pk)


def _waiting(person, delivery) -> bool:
    return delivery.pk in {d.pk for d in deliveries_waiting_for(person).rows}


def _ledger(delivery):
    return list(LedgerEntry.objects.filter(target_type="documents.delivery", target_id=str(delivery.pk))
                .order_by("id").values_list("action", flat=True))


def _trail(delivery):
    return [s.action for s in DeliveryStep.objects.filter(delivery=delivery)]


# --- 初审 -----------------------------------------------------------------------------------------

def test_a_return_at_screening_is_ledgered_and_the_sending_clerk_is_told_live(
        personas, delivery, monkeypatch, django_capture_on_commit_callbacks):
    from oa.core import live

    sent = []
    monkeypatch.setattr(live, "_send", lambda group, message: sent.append((group, message)))
    number = to_registered(personas, delivery.pk).register_number
    assert "return" in delivery_actions(personas.clerk_b, _fresh(delivery))  # 初审 may send it back
    with django_capture_on_commit_callbacks(execute=True):
        d = delivery_return(actor=personas.clerk_b, delivery_id=delivery.pk, text="缺附件2，请补齐后重新发送")
    assert d.state == D.RETURNED and d.return_reason == "缺附件2，请补齐后重新发送"
    entry = LedgerEntry.objects.filter(action="delivery.return").latest("id")
    assert entry.target_id == str(delivery.pk) and entry.data["text"] == "缺附件2，请补齐后重新发送"
    told = [(group, m["event"], m["payload"].get("state")) for group, m in sent]
    assert (live.person_group(personas.clerk_a.pk), "todo.changed", D.RETURNED) in told
    assert not any(group == live.person_group(personas.clerk_b.pk) for group, _, _ in told)
    # The sender resends; the receiving side signs for it again and keeps its 收文编号.
    delivery_resend(actor=personas.clerk_a, delivery_id=delivery.pk, text="已补齐")
    delivery_sign_for(actor=personas.clerk_b, delivery_id=delivery.pk)
    assert delivery_register(actor=personas.clerk_b, delivery_id=delivery.pk).register_number == number


def test_screening_sorts_a_task_to_the_office_director(personas, delivery):
    to_registered(personas, delivery.pk)
    assert not _waiting(personas.director_b, delivery) or _fresh(delivery).state == D.REGISTERED
    with pytest.raises(ValidationError, match="办件或阅件"):
        delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling="")
    d = delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.TASK)
    assert d.state == D.PROPOSING and d.handling == Handling.TASK and d.screened_by == personas.clerk_b
    assert _waiting(personas.director_b, d) and not _waiting(personas.clerk_b, d)
    assert _ledger(d)[-1] == "delivery.screen" and _trail(d)[-1] == "初审"


def test_a_reading_closes_by_itself_once_everyone_has_read_it_and_not_before(personas, delivery):
    to_registered(personas, delivery.pk)
    with pytest.raises(ValidationError, match="至少选择一位阅读人"):
        delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING)
    with pytest.raises(ValidationError, match="只能送本单位在职人员阅"):
        delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING,
                        readers=[personas.leader_a])
    d = delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING,
                        readers=[personas.leader_b, personas.staff_b], text="请阅知")
    assert d.state == D.READING and d.handling == Handling.READING
    assert d.circulations.get().as_reading
    assert reading_mark_read(actor=personas.leader_b, delivery_id=d.pk) == 1
    assert _fresh(d).state == D.READING  # one reader left
    assert reading_mark_read(actor=personas.staff_b, delivery_id=d.pk) == 1
    d = _fresh(d)
    assert d.state == D.DONE and d.done_at is not None
    last = DeliveryStep.objects.filter(delivery=d).last()
    assert (last.action, last.actor_id, last.actor_name) == ("阅毕办结", None, "系统")
    entry = LedgerEntry.objects.filter(action="delivery.finish_reading").get()
    assert entry.actor_id is None and entry.data["automatic"] is True


def test_a_reader_who_writes_on_a_reading_has_read_it(personas, delivery):
    to_registered(personas, delivery.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING,
                    readers=[personas.leader_b, personas.head_b])
    delivery_remark(actor=personas.leader_b, delivery_id=delivery.pk, circle=True)
    assert _fresh(delivery).state == D.READING
    delivery_remark(actor=personas.head_b, delivery_id=delivery.pk, text="已阅，各科室知悉")
    assert _fresh(delivery).state == D.DONE


def test_a_reading_is_not_recalled_and_making_it_a_task_clears_the_unread(personas, delivery):
    """A 阅件 closes when its readers have read it; its sender cannot take it back (nobody would ever close
    it). Made a 办件, it leaves the 待阅 of those who had not read it yet."""
    to_registered(personas, delivery.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING,
                    readers=[personas.leader_b, personas.staff_b, personas.director_b])
    reading_mark_read(actor=personas.leader_b, delivery_id=delivery.pk)
    circulation = _fresh(delivery).circulations.get()
    with pytest.raises(ValidationError, match="阅件不能收回"):
        circulation_recall(actor=personas.clerk_b, circulation_id=circulation.pk)
    delivery_make_task(actor=personas.staff_b, delivery_id=delivery.pk)
    assert _fresh(delivery).state == D.PROPOSING
    assert set(Reading.objects.filter(circulation=circulation, recalled=True).values_list("reader", flat=True)) == {
        personas.staff_b.pk, personas.director_b.pk}
    assert Reading.objects.get(circulation=circulation, reader=personas.leader_b).read_at is not None


def test_any_reader_of_a_reading_may_make_it_a_task(personas, delivery):
    to_registered(personas, delivery.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING,
                    readers=[personas.leader_b, personas.staff_b])
    assert "make_task" in delivery_actions(personas.staff_b, _fresh(delivery))
    with pytest.raises(PermissionDenied):
        delivery_make_task(actor=personas.director_b, delivery_id=delivery.pk)  # not a reader
    d = delivery_make_task(actor=personas.staff_b, delivery_id=delivery.pk, text="涉及本科室工作，需办理")
    assert d.state == D.PROPOSING and d.handling == Handling.TASK
    assert _trail(d)[-1] == "转为办件" and _waiting(personas.director_b, d)
    reading_mark_read(actor=personas.leader_b, delivery_id=d.pk)  # the last reading no longer closes it
    assert _fresh(d).state == D.PROPOSING


def test_a_transfer_starts_over_in_the_other_department_with_the_trail(personas, delivery):
    dept_c = DepartmentFactory(name="丙局", short_name="丙局", organ_code="韶丙", slug="deptC")
    clerk_c = person_with_role("c_clerk", dept_c, Role.CLERK, "文书")
    to_proposing(personas, delivery.pk)
    with pytest.raises(ValidationError, match="转办理由"):
        delivery_transfer(actor=personas.director_b, delivery_id=delivery.pk, department=dept_c, text="")
    with pytest.raises(ValidationError, match="本单位"):
        delivery_transfer(actor=personas.director_b, delivery_id=delivery.pk, department=personas.dept_b, text="错")
    copy = delivery_transfer(actor=personas.director_b, delivery_id=delivery.pk, department=dept_c, text="属丙局职责")
    assert (copy.department, copy.state, copy.transferred_from_id, copy.document_id) == (
        dept_c, D.PENDING, delivery.pk, delivery.document_id)
    steps = list(DeliveryStep.objects.filter(delivery=copy))
    assert [s.action for s in steps] == ["签收", "登记", "初审", "转办"]
    assert all(s.actor_name.endswith("（乙局）") for s in steps) and "属丙局职责" in steps[-1].text
    original = _fresh(delivery)
    assert original.state == D.TRANSFERRED and original.transferred_to == dept_c
    assert LedgerEntry.objects.get(action="delivery.transfer").data["delivery"] == copy.pk
    assert _waiting(clerk_c, copy) and "sign_for" in delivery_actions(clerk_c, copy)
    # Once transferred, it is done here: the same step again is a conflict.
    with pytest.raises(Conflict):
        delivery_transfer(actor=personas.director_b, delivery_id=delivery.pk, department=dept_c, text="再转")
    # 丙局 cannot send it back to 乙局, which has it already: refused, nothing moves.
    delivery_sign_for(actor=clerk_c, delivery_id=copy.pk)
    delivery_register(actor=clerk_c, delivery_id=copy.pk)
    with pytest.raises(ValidationError, match="不能再转回|已收到此件"):
        delivery_transfer(actor=clerk_c, delivery_id=copy.pk, department=personas.dept_b, text="应由乙局办理")
    assert _fresh(copy).state == D.REGISTERED and Delivery.objects.filter(department=personas.dept_b).count() == 1


# --- the leaders' rounds --------------------------------------------------------------------------

def test_two_leaders_in_sequence_the_second_waits_for_the_first(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b], final_leader=personas.head_b)
    d = _fresh(delivery)
    assert d.state == D.PROPOSED and _waiting(personas.leader_b, d) and not _waiting(personas.head_b, d)
    with pytest.raises(PermissionDenied):
        delivery_instruct(actor=personas.head_b, delivery_id=d.pk, text="同意")  # not their turn yet
    delivery_instruct(actor=personas.leader_b, delivery_id=d.pk, text="拟同意，请局长审定")
    d = _fresh(d)
    assert d.state == D.PROPOSED and _waiting(personas.head_b, d) and not _waiting(personas.leader_b, d)
    d = delivery_instruct(actor=personas.head_b, delivery_id=d.pk, text="同意，请综合科落实")
    assert d.state == D.HANDLING and d.assignee == personas.staff_b and d.instruction == "同意，请综合科落实"
    assert [(t.person, t.kind) for t in d.leader_turns.order_by("done_at")] == [
        (personas.leader_b, TurnKind.INSTRUCT), (personas.head_b, TurnKind.INSTRUCT)]
    assert _trail(d)[-2:] == ["批示", "批示"] and _waiting(personas.staff_b, d)


def test_two_leaders_in_parallel_both_wait_and_it_moves_on_after_both(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b, personas.head_b])
    d = _fresh(delivery)
    assert _waiting(personas.leader_b, d) and _waiting(personas.head_b, d)
    delivery_agree(actor=personas.head_b, delivery_id=d.pk)
    d = _fresh(d)
    assert d.state == D.PROPOSED and _waiting(personas.leader_b, d) and not _waiting(personas.head_b, d)
    d = delivery_instruct(actor=personas.leader_b, delivery_id=d.pk, text="请抓紧办理")
    assert d.state == D.HANDLING and not d.leader_turns.filter(done_at__isnull=True).exists()


def test_a_circle_is_read_and_agreed_without_words(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    d = delivery_circle(actor=personas.leader_b, delivery_id=delivery.pk)
    turn = d.leader_turns.get()
    assert (turn.kind, turn.text, turn.done_at is not None) == (TurnKind.CIRCLE, "", True)
    assert d.state == D.HANDLING and d.assignee == personas.staff_b and d.instruction == ""
    assert _trail(d)[-1] == "圈阅" and _ledger(d)[-1] == "delivery.circle"


def test_agreeing_takes_the_proposals_assignee_and_assistants(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, assignee=personas.staff_b, assistants=[personas.clerk_b, personas.director_b])
    d = delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk)
    assert d.state == D.HANDLING and d.assignee == personas.staff_b and d.instruction == "同意拟办"
    assert {a.person for a in d.assists.filter(lead=False)} == {personas.clerk_b, personas.director_b}
    assert d.leader_turns.get().kind == TurnKind.AGREE


def test_an_instruction_naming_another_assignee_keeps_the_proposed_assistants(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, assignee=personas.staff_b, assistants=[personas.clerk_b])
    d = delivery_instruct(actor=personas.leader_b, delivery_id=delivery.pk, text="改由办公室主办",
                          assignee=personas.director_b)
    assert d.assignee == personas.director_b and [a.person for a in d.assists.filter(lead=False)] == [personas.clerk_b]


def test_an_instruction_naming_assistants_replaces_them_and_the_assignee_is_not_one(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, assignee=personas.staff_b, assistants=[personas.clerk_b])
    d = delivery_instruct(actor=personas.leader_b, delivery_id=delivery.pk, text="办公室主办，综合科协办",
                          assignee=personas.director_b, assistants=[personas.staff_b, personas.director_b])
    assert d.assignee == personas.director_b and [a.person for a in d.assists.filter(lead=False)] == [personas.staff_b]


def test_a_leader_added_after_is_asked_once_the_round_is_done(personas, delivery, deputy):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b], final_leader=personas.head_b)
    d = delivery_add_leader(actor=personas.leader_b, delivery_id=delivery.pk, leader=deputy, text="请王局长一并阅示")
    assert not _waiting(deputy, d) and _trail(d)[-1] == "加送领导"
    assert [(t.person, t.round) for t in d.leader_turns.order_by("round")] == [
        (personas.leader_b, 1), (deputy, 2), (personas.head_b, 3)]  # before the final leader
    assert d.leader_turns.get(person=deputy).added_by == personas.leader_b
    delivery_circle(actor=personas.leader_b, delivery_id=d.pk)
    assert _waiting(deputy, d) and not _waiting(personas.head_b, d)
    delivery_instruct(actor=deputy, delivery_id=d.pk, text="同意")
    assert _waiting(personas.head_b, d) and _fresh(d).state == D.PROPOSED
    assert delivery_agree(actor=personas.head_b, delivery_id=d.pk).state == D.HANDLING


def test_a_leader_added_alongside_writes_in_the_same_round(personas, delivery, deputy):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    with pytest.raises(ValidationError, match="已在待批示领导之中"):
        delivery_add_leader(actor=personas.leader_b, delivery_id=delivery.pk, leader=personas.leader_b, after=False)
    d = delivery_add_leader(actor=personas.leader_b, delivery_id=delivery.pk, leader=deputy, after=False)
    assert _waiting(deputy, d) and _waiting(personas.leader_b, d)
    delivery_instruct(actor=personas.leader_b, delivery_id=d.pk, text="请王局长一并把关")
    assert _fresh(d).state == D.PROPOSED and _waiting(deputy, d)
    assert delivery_circle(actor=deputy, delivery_id=d.pk).state == D.HANDLING


def test_a_non_leader_cannot_be_asked_for_an_instruction(personas, delivery):
    to_proposing(personas, delivery.pk)
    with pytest.raises(ValidationError, match="只能送本单位领导批示：.*不是领导"):
        propose(personas, delivery.pk, leaders=[personas.staff_b])
    with pytest.raises(ValidationError, match="请选择批示的领导"):
        from documents.incoming.services.leaders import delivery_propose

        delivery_propose(actor=personas.director_b, delivery_id=delivery.pk, text="拟办", assignee=personas.staff_b)
    assert _fresh(delivery).state == D.PROPOSING and not _fresh(delivery).leader_turns.exists()
    propose(personas, delivery.pk)
    with pytest.raises(ValidationError, match="不是领导"):
        delivery_add_leader(actor=personas.leader_b, delivery_id=delivery.pk, leader=personas.clerk_b)
    assert _fresh(delivery).leader_turns.count() == 1


def test_a_section_head_is_not_asked_for_an_instruction(personas, delivery):
    """批示 rounds are for the 分管领导 and the 主要负责人; a 处室负责人 is not a leader of the department here."""
    section = person_with_role("b_section", personas.dept_b, Role.SECTION_HEAD, "综合科科长")
    to_proposing(personas, delivery.pk)
    with pytest.raises(ValidationError, match="只能送本单位领导批示：.*不是领导"):
        propose(personas, delivery.pk, leaders=[section])
    assert not _fresh(delivery).leader_turns.exists()


def test_sending_back_drops_the_pending_turns_and_keeps_the_written_instructions(personas, delivery, deputy):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b, deputy], final_leader=personas.head_b)
    delivery_instruct(actor=deputy, delivery_id=delivery.pk, text="建议由综合科牵头")
    d = delivery_send_back(actor=personas.leader_b, delivery_id=delivery.pk, text="请补充征求意见情况后再报")
    assert d.state == D.PROPOSING and _trail(d)[-1] == "退回拟办"
    assert [(t.person, t.text) for t in d.leader_turns.all()] == [(deputy, "建议由综合科牵头")]
    assert not any(_waiting(p, d) for p in (personas.leader_b, deputy, personas.head_b))
    assert _waiting(personas.director_b, d)
    propose(personas, d.pk, text="已补充征求意见情况，拟请张局长阅示")
    new = _fresh(d).leader_turns.get(done_at__isnull=True)
    written = _fresh(d).leader_turns.get(person=deputy)
    assert new.person == personas.leader_b and new.current and new.round > written.round  # a new round after it


def test_the_assignee_waits_for_the_assistants(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, assistants=[personas.director_b, personas.clerk_b])
    d = delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk)
    assert _waiting(personas.director_b, d) and _waiting(personas.clerk_b, d) and _waiting(personas.staff_b, d)
    with pytest.raises(PermissionDenied):
        delivery_assist(actor=personas.leader_b, delivery_id=d.pk, text="意见")  # not a 协办
    with pytest.raises(ValidationError) as refused:
        delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已办理")
    assert "协办人尚未反馈" in str(refused.value)
    assert personas.director_b.name in str(refused.value) and personas.clerk_b.name in str(refused.value)
    delivery_assist(actor=personas.director_b, delivery_id=d.pk, text="已提供办公室意见")
    assert not _waiting(personas.director_b, d)
    with pytest.raises(ValidationError) as refused:
        delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已办理")
    assert personas.clerk_b.name in str(refused.value) and personas.director_b.name not in str(refused.value)
    delivery_assist(actor=personas.clerk_b, delivery_id=d.pk, text="已核对收文登记")
    d = delivery_complete(actor=personas.staff_b, delivery_id=d.pk, text="已按批示办理")
    assert d.state == D.DONE and {a.person: a.result for a in d.assists.filter(lead=False)} == {
        personas.director_b: "已提供办公室意见", personas.clerk_b: "已核对收文登记"}
    lead = d.assists.get(lead=True)  # the 主办's own 承办 row (their 待办) closes with the delivery
    assert lead.person == personas.staff_b and lead.done_at is not None


# --- readers' 阅批 on a 传阅 --------------------------------------------------------------------------

def test_readers_of_a_circulation_write_an_instruction_or_circle_it(personas, delivery):
    from tests.documents.receiving import to_handling

    d = to_handling(personas, delivery.pk)
    circulation = delivery_circulate(actor=personas.leader_b, delivery_id=d.pk, readers=[personas.head_b, personas.clerk_b])
    with pytest.raises(ValidationError, match="请填写批示，或选择圈阅"):
        delivery_remark(actor=personas.head_b, delivery_id=d.pk)
    with pytest.raises(PermissionDenied):
        delivery_remark(actor=personas.director_b, delivery_id=d.pk, text="同意")  # not a reader
    delivery_remark(actor=personas.head_b, delivery_id=d.pk, text="请各科室认真学习")
    delivery_remark(actor=personas.clerk_b, delivery_id=d.pk, circle=True)
    readings = {r.reader: r for r in circulation.readings.all()}
    head, clerk = readings[personas.head_b], readings[personas.clerk_b]
    assert (head.kind, head.text, head.read_at is not None) == (TurnKind.INSTRUCT, "请各科室认真学习", True)
    assert (clerk.kind, clerk.text, clerk.read_at is not None) == (TurnKind.CIRCLE, "", True)
    assert _trail(d)[-2:] == ["阅批", "阅批"] and _fresh(d).state == D.HANDLING
    remarks = LedgerEntry.objects.filter(action="delivery.remark").order_by("id")
    assert [e.data["kind"] for e in remarks.filter(outcome=Outcome.SUCCESS)] == [TurnKind.INSTRUCT, TurnKind.CIRCLE]
    assert remarks.filter(outcome=Outcome.DENIED, actor=personas.director_b).exists()  # the refusal is recorded


# --- the gate on what a leader or reader writes ------------------------------------------------

def test_a_marked_instruction_is_refused_and_nothing_moves(personas, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    steps = DeliveryStep.objects.filter(delivery=delivery).count()
    with pytest.raises(UploadRefused):
        delivery_instruct(actor=personas.leader_b, delivery_id=delivery.pk, text=MARKED)
    d = _fresh(delivery)
    assert d.state == D.PROPOSED and d.instruction == "" and d.leader_turns.get().pending
    assert DeliveryStep.objects.filter(delivery=d).count() == steps and _waiting(personas.leader_b, d)
    record = UploadRecord.objects.get(source=Source.TYPED, verdict=Verdict.BLOCKED)
    assert "批示" in record.name and MARKED not in str(record.reasons)
    assert LedgerEntry.objects.filter(action="upload.blocked").exists()
    assert not LedgerEntry.objects.filter(action="delivery.instruct").exists()


def test_a_readers_marked_instruction_is_refused(personas, delivery):
    to_registered(personas, delivery.pk)
    delivery_screen(actor=personas.clerk_b, delivery_id=delivery.pk, handling=Handling.READING, readers=[personas.leader_b])
    with pytest.raises(UploadRefused):
        delivery_remark(actor=personas.leader_b, delivery_id=delivery.pk, text=MARKED)
    d = _fresh(delivery)
    reading = d.circulations.get().readings.get()
    assert d.state == D.READING and reading.kind == "" and reading.read_at is None


# --- the same checks through the API ------------------------------------------------------------

def _post(client, delivery, action, body=None):
    return client.post(f"/api/v1/deliveries/{delivery.pk}/{action}/", body or {}, content_type=JSON)


def test_api_a_leader_not_asked_now_gets_403_and_a_finished_step_409(personas, delivery, client, login):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, leaders=[personas.leader_b], final_leader=personas.head_b)
    login(personas.head_b)
    response = _post(client, delivery, "instruct", {"text": "同意"})
    assert response.status_code == 403 and "批示" in response.json()["detail"]
    client.logout()
    login(personas.leader_b)
    assert "agree" in client.get(f"/api/v1/deliveries/{delivery.pk}/").json()["available_transitions"]
    assert _post(client, delivery, "agree").status_code == 200
    assert _post(client, delivery, "agree").status_code == 403  # still 领导批示中, no longer theirs
    client.logout()
    login(personas.head_b)
    detail = _post(client, delivery, "circle").json()
    assert detail["state"] == "handling" and [t["kind"] for t in detail["instructions"]] == ["agree", "circle"]
    assert _post(client, delivery, "circle").status_code == 409  # the leaders' step is over


def test_api_naming_a_non_leader_is_refused_in_chinese(personas, delivery, client, login):
    to_proposing(personas, delivery.pk)
    login(personas.director_b)
    response = _post(client, delivery, "propose", {"text": "拟请阅示", "assignee": personas.staff_b.pk,
                                                   "leaders": [personas.staff_b.pk]})
    assert response.status_code == 400 and "只能送本单位领导批示" in response.json()["leaders"][0]
    response = _post(client, delivery, "propose", {"text": "拟请阅示", "assignee": personas.staff_b.pk})
    assert response.status_code == 400 and "请选择批示的领导" in response.content.decode()
    assert _fresh(delivery).state == D.PROPOSING


def test_api_screening_as_a_reading_and_a_readers_remark(personas, delivery, client, login):
    to_registered(personas, delivery.pk)
    login(personas.clerk_b)
    detail = _post(client, delivery, "screen", {"handling": "reading", "readers": [personas.leader_b.pk]}).json()
    assert detail["state"] == "reading" and detail["circulations"][0]["as_reading"] is True
    client.logout()
    login(personas.leader_b)
    assert "make_task" in client.get(f"/api/v1/deliveries/{delivery.pk}/").json()["available_transitions"]
    detail = _post(client, delivery, "remark", {"circle": True}).json()
    assert detail["state"] == "done" and detail["circulations"][0]["readings"][0]["kind"] == "circle"


def test_api_complete_is_refused_until_the_assistants_answer(personas, delivery, client, login):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk, assistants=[personas.clerk_b])
    delivery_agree(actor=personas.leader_b, delivery_id=delivery.pk)
    login(personas.staff_b)
    response = _post(client, delivery, "complete", {"text": "已办理"})
    assert response.status_code == 400 and "协办人尚未反馈" in response.content.decode()
    client.logout()
    login(personas.clerk_b)
    assert _post(client, delivery, "assist", {"text": "已核对"}).status_code == 200
    client.logout()
    login(personas.staff_b)
    assert _post(client, delivery, "complete", {"text": "已办理"}).json()["state"] == "done"


def test_api_a_marked_instruction_is_refused_and_nothing_moves(personas, delivery, client, login):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    login(personas.leader_b)
    response = _post(client, delivery, "instruct", {"text": MARKED})
    assert response.status_code == 400 and "密级标志" in response.content.decode()
    assert _fresh(delivery).state == D.PROPOSED and _fresh(delivery).leader_turns.get().pending
    assert UploadRecord.objects.filter(source=Source.TYPED, verdict=Verdict.BLOCKED).count() == 1
