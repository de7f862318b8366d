"""Invisible control characters (\\x01 …) are refused where a person types: no 公文 holds one, and a DOCX
holding one cannot be written — the contract fuzz found a title with \\x01 accepted and its DOCX a 500."""

import pytest

from documents.choices import DocumentState as S
from documents.models import Delivery, Document

pytestmark = pytest.mark.django_db


def test_a_title_with_a_control_character_is_refused_in_words_and_nothing_is_made(personas, client, login):
    login(personas.staff_a)
    before = Document.objects.count()
    response = client.post("/api/v1/documents/", {"title": "关于\x01试运行的通知", "body": "正文",
                                                   "main_departments": [personas.dept_b.pk]},
                           content_type="application/json")
    assert response.status_code == 400, response.content
    assert "控制字符" in response.content.decode() and Document.objects.count() == before


def test_a_step_text_with_a_control_character_is_refused_and_nothing_moves(personas, client, login, draft, walk):
    document = walk(draft(), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    login(personas.clerk_b)
    response = client.post(f"/api/v1/deliveries/{delivery.pk}/return/", {"text": "缺附件\x07"},
                           content_type="application/json")
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.state == "pending"


def test_ordinary_lines_and_tabs_are_kept(personas, client, login):
    login(personas.staff_a)
    response = client.post("/api/v1/documents/", {"title": "关于试运行的通知", "body": "一、总体要求\n\t各单位要高度重视。\r\n",
                                                   "main_departments": [personas.dept_b.pk]},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.get(f"/api/v1/documents/{pk}/render.docx").status_code == 200
