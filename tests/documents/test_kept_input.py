"""A refused step on the document or delivery page shows the page again with what the person typed, chose and
drew — never the password — and an error that names the field and says what to do (issue 19)."""

import base64
import html

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState as D
from documents.models import Delivery, Document
from tests.documents.receiving import propose, to_proposing
from tests.documents.test_sheets import handwriting

pytestmark = pytest.mark.django_db

SIGNATURE = "data:image/png;base64," + base64.b64encode(handwriting(3)).decode()


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def delivery(personas, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    return Delivery.objects.get(document=document, department=personas.dept_b)


def test_signing_without_the_password_keeps_the_opinion_and_the_handwriting(personas, client, login, draft, walk,
                                                                            settings):
    settings.OA_SIGN_WINDOW_MINUTES = 0  # no window after the password login: the code is asked every time
    document = walk(draft(), S.SIGNING)
    login(personas.leader_a)
    response = client.post(f"/documents/{document.pk}/act/sign/",
                           {"opinion": "同意，请办公室印发", "signature": SIGNATURE, "confirmation": ""})
    page = _page(response)
    assert response.status_code == 400
    assert "签发未完成" in page and "请输入签发密码、手机动态验证码或登录密码" in page
    assert ">同意，请办公室印发</textarea>" in page
    assert f'name="signature" id="id_signature" value="{SIGNATURE}"' in page  # redrawn on the pad by the script
    assert Document.objects.get(pk=document.pk).state == S.SIGNING


def test_a_wrong_password_is_never_sent_back_and_a_broken_drawing_is_dropped(personas, client, login, draft, walk):
    document = walk(draft(), S.SIGNING)
    login(personas.leader_a)
    page = _page(client.post(f"/documents/{document.pk}/act/sign/", {
        "opinion": "同意", "signature": "data:image/png;base64,bm90IGEgcG5n", "confirmation": "猜错的密码"}))
    assert "猜错的密码" not in page and 'id="id_signature" value=""' in page and ">同意</textarea>" in page


def test_a_refused_print_run_keeps_the_number_typed(personas, client, login, draft, walk):
    document = walk(draft(print_copies=3), S.SEALING)
    login(personas.clerk_a)
    response = client.post(f"/documents/{document.pk}/act/seal/", {"print_copies": "0", "opinion": "已核对"})
    page = _page(response)
    assert response.status_code == 400 and "印制份数" in page and 'value="0"' in page and ">已核对</textarea>" in page


def test_a_step_that_succeeds_still_redirects(personas, client, login, draft, walk):
    document = walk(draft(), S.REVIEW)
    login(personas.director_a)
    assert client.post(f"/documents/{document.pk}/act/review/", {"opinion": "拟同意"}).status_code == 302


def test_a_proposal_without_an_assignee_asks_for_one_and_keeps_the_text_and_the_leaders(personas, client, login,
                                                                                        delivery):
    to_proposing(personas, delivery.pk)
    login(personas.director_b)
    response = client.post(f"/inbox/{delivery.pk}/act/propose/", {
        "text": "拟请张局长阅示", "assignee": "", "assistants": [personas.clerk_b.pk], "leaders": [personas.leader_b.pk]})
    page = _page(response)
    assert response.status_code == 400
    assert "请选择承办人（主办人）。" in page and "须是本单位在职人员" not in page
    assert "\n拟请张局长阅示</textarea>" in page
    assert f'value="{personas.leader_b.pk}" selected' in page and f'value="{personas.clerk_b.pk}" selected' in page
    delivery.refresh_from_db()
    assert delivery.state == D.PROPOSING


def test_an_assignee_from_another_department_is_still_refused_as_such(personas, client, login, delivery):
    to_proposing(personas, delivery.pk)
    login(personas.director_b)
    page = _page(client.post(f"/inbox/{delivery.pk}/act/propose/", {
        "text": "拟请阅示", "assignee": personas.staff_a.pk, "leaders": [personas.leader_b.pk]}))
    assert "主办人须是本单位在职人员" in page and "\n拟请阅示</textarea>" in page


def test_an_instruction_without_an_assignee_keeps_the_words_and_the_handwriting(personas, client, login, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(proposed_assignee=None)  # a 拟办 from before 主办 were required
    login(personas.leader_b)
    response = client.post(f"/inbox/{delivery.pk}/act/instruct/", {"text": "请抓紧落实", "signature": SIGNATURE})
    page = _page(response)
    assert response.status_code == 400
    assert "请选择承办人（主办人）" in page and "\n请抓紧落实</textarea>" in page
    assert f'value="{SIGNATURE}"' in page
    assert not delivery.leader_turns.filter(done_at__isnull=False).exists()


def test_a_refused_instruction_unfolds_the_choices_it_made(personas, client, login, delivery):
    to_proposing(personas, delivery.pk)
    propose(personas, delivery.pk)
    login(personas.leader_b)
    past = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    page = _page(client.post(f"/inbox/{delivery.pk}/act/instruct/", {
        "text": "请综合科办理", "assignee": personas.clerk_b.pk, "due": past}))
    assert "办理时限不能早于今天" in page and "\n请综合科办理</textarea>" in page
    assert '<details class="mb-2" open>' in page and f'value="{personas.clerk_b.pk}" selected' in page


def test_a_form_error_names_its_field_and_keeps_the_text(personas, client, login, delivery):
    to_proposing(personas, delivery.pk)
    login(personas.director_b)
    response = client.post(f"/inbox/{delivery.pk}/act/transfer/", {"text": "请转市财政局办理", "department": "abc"})
    page = _page(response)
    assert response.status_code == 400
    assert "转办未完成：转办单位须是另一在用单位，请从列表中选择。" in page and "\n请转市财政局办理</textarea>" in page
    assert 'id="oa-fold-transfer" open' in page
