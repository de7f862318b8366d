"""The clerk's 收文 in fewer clicks (issue 19): 签收并登记 in one click (each step its own, one transaction), and
批量签收 from the 收文 待办 with a reason in words for each row not signed for (page and API)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.incoming.permissions import DELIVERY_FLOW
from documents.models import Delivery
from oa.audit.models import LedgerEntry
from oa.core.workflow import turn

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _arrived(personas, title, department=None):
    now = timezone.now()
    return Delivery.objects.create(department=department or personas.dept_b, sent_at=now, title=title,
                                   sender_name="甲局", due_date=now.date() + timedelta(days=7))


def _ledger(delivery):
    return list(LedgerEntry.objects.filter(target_type="documents.delivery", target_id=str(delivery.pk))
                .order_by("id").values_list("action", flat=True))


def test_sign_and_register_in_one_click_on_the_delivery_page(personas, client, login):
    delivery = _arrived(personas, "关于开展安全生产检查的通知")
    login(personas.clerk_b)
    page = client.get(f"/inbox/{delivery.pk}/").content.decode()
    assert 'id="oa-dact-sign_and_register"' in page and 'id="oa-dact-sign_for"' in page
    client.post(f"/inbox/{delivery.pk}/act/sign_and_register/", {"text": "已收到"})
    delivery.refresh_from_db()
    assert delivery.state == D.REGISTERED and delivery.signed_by == personas.clerk_b and delivery.register_number
    assert _ledger(delivery) == ["delivery.sign_for", "delivery.register"]
    assert [s.action for s in delivery.steps.all()] == ["签收", "登记"]


def test_sign_and_register_through_the_api_and_refused_to_others(personas, client, login):
    delivery = _arrived(personas, "关于报送年度总结的通知")
    login(personas.staff_b)
    refused = client.post(f"/api/v1/deliveries/{delivery.pk}/sign_and_register/", {}, content_type=JSON)
    assert refused.status_code == 403 and "签收" in refused.json()["detail"]
    assert "delivery.sign_for" in _ledger(delivery)  # the refusal, on record after the rollback
    assert Delivery.objects.get(pk=delivery.pk).state == D.PENDING
    client.logout()
    login(personas.clerk_b)
    done = client.post(f"/api/v1/deliveries/{delivery.pk}/sign_and_register/", {}, content_type=JSON)
    assert done.status_code == 200 and done.json()["state"] == D.REGISTERED, done.content.decode()


def test_offered_only_where_one_person_may_take_both_steps(personas, client, login):
    delivery = _arrived(personas, "关于召开会议的通知")
    assert DELIVERY_FLOW.may_in_turn(personas.clerk_b, ("sign_for", "register"), delivery)
    assert not DELIVERY_FLOW.may_in_turn(personas.director_b, ("sign_for", "register"), delivery)
    import dataclasses

    from documents.incoming.permissions import OFFICE_DIRECTOR
    table = dict(DELIVERY_FLOW.table)
    table[D.SIGNED] = (turn(OFFICE_DIRECTOR, "register"),)
    assert not dataclasses.replace(DELIVERY_FLOW, table=table).may_in_turn(
        personas.clerk_b, ("sign_for", "register"), delivery)


def test_batch_sign_from_the_inbox_reports_each_row_that_failed(personas, client, login):
    first, second = _arrived(personas, "第一件来文"), _arrived(personas, "第二件来文")
    taken = _arrived(personas, "已被签收的来文")
    elsewhere = _arrived(personas, "乙局看不到的来文", department=personas.dept_a)
    login(personas.clerk_b)
    inbox = client.get("/inbox/").content.decode()
    assert 'id="oa-sign-batch"' in inbox and f'id="oa-sign-{first.pk}"' in inbox
    assert f'id="oa-sign-{elsewhere.pk}"' not in inbox
    from documents.incoming.services.flow import delivery_sign_for
    delivery_sign_for(actor=personas.clerk_b, delivery_id=taken.pk)  # a colleague got there first
    page = client.post("/inbox/sign/", {"ids": [first.pk, second.pk, taken.pk, elsewhere.pk]}, follow=True)
    text = page.content.decode()
    assert "已签收 2 件" in text
    assert "“已被签收的来文”未签收：" in text and "已被他人处理" in text
    assert f"第 {elsewhere.pk} 号收文未签收：找不到该收文，或您无权查看。" in text and "乙局看不到的来文" not in text
    assert {d.state for d in Delivery.objects.filter(pk__in=[first.pk, second.pk])} == {D.SIGNED}
    assert _ledger(first) == ["delivery.sign_for"]
    assert Delivery.objects.get(pk=elsewhere.pk).state == D.PENDING
    nothing = client.post("/inbox/sign/", {}, follow=True).content.decode()
    assert "请先勾选要签收的收文" in nothing


def test_batch_sign_and_register_through_the_api(personas, client, login):
    rows = [_arrived(personas, f"来文{i}") for i in range(3)]
    login(personas.clerk_b)
    url = "/api/v1/deliveries/sign-for/"
    bad = client.post(url, {"ids": "1,2"}, content_type=JSON)
    assert bad.status_code == 400 and "ids" in str(bad.json())
    answer = client.post(url, {"ids": [r.pk for r in rows] + [999999], "register": True}, content_type=JSON)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["signed"] == [r.pk for r in rows]
    assert body["failed"] == [{"id": 999999, "reason": "找不到该收文，或您无权查看。"}]
    assert {d.state for d in Delivery.objects.filter(pk__in=[r.pk for r in rows])} == {D.REGISTERED}


@pytest.mark.parametrize("body", [[1, 2], {"ids": [True]}, {"ids": ["1"]}, {"ids": []}, {"ids": [1], "register": "yes"},
                                  {"ids": list(range(1, 102))}, {}])
def test_the_batch_api_answers_bad_shapes_with_400_in_words(personas, client, login, body):
    login(personas.clerk_b)
    answer = client.post("/api/v1/deliveries/sign-for/", body, content_type=JSON)
    assert answer.status_code == 400, answer.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(answer.json()))


@pytest.mark.parametrize("copies", [[1], {"n": 1}, "", None, 0])
def test_the_issue_api_never_answers_500(personas, client, login, draft, walk, copies):
    document = walk(draft(), S.NUMBERING)
    login(personas.clerk_a)
    answer = client.post(f"/api/v1/documents/{document.pk}/issue/", {"print_copies": copies}, content_type=JSON)
    assert answer.status_code in (200, 400), answer.content
