"""特急 / 加急 marked before the title wherever a document or delivery is listed (issue 19), from the
urgency already loaded: 待办, the 收文 list, the 发文 list."""

import re

import pytest

from documents.choices import DocumentState as S
from documents.choices import Urgency
from documents.models import Delivery

pytestmark = pytest.mark.django_db

MOST = '<span class="badge oa-urgency oa-urgency-most me-1" title="紧急程度：特急">特急</span>'
URGENT = '<span class="badge oa-urgency oa-urgency-urgent me-1" title="紧急程度：加急">加急</span>'


def _marked(html: str, mark: str, title: str) -> bool:
    """The mark stands right before the link whose text holds the title."""
    return re.search(re.escape(mark) + r'<a [^>]*>[^<]*' + re.escape(title), html) is not None


def test_a_most_urgent_delivery_is_marked_in_todo_and_the_inbox(personas, draft, walk, login):
    document = walk(draft(title="关于立即排查冬季燃气安全隐患的紧急通知", urgency=Urgency.MOST_URGENT), S.DISPATCHED)
    assert Delivery.objects.get(document=document, department=personas.dept_b).urgency == Urgency.MOST_URGENT
    client = login(personas.clerk_b)
    todo = client.get("/todo/").content.decode()
    to_do = todo.split('id="oa-todo-read"', 1)[0]
    assert _marked(to_do, MOST, document.title)
    assert _marked(client.get("/inbox/").content.decode(), MOST, document.title)
    assert _marked(client.get("/inbox/?tab=register").content.decode(), MOST, document.title)


def test_urgent_and_ordinary_documents_in_the_outgoing_list(personas, draft, login):
    urgent = draft(title="关于报送一季度经济运行数据的通知", urgency=Urgency.URGENT)
    plain = draft(title="关于做好档案整理工作的通知")
    html = login(personas.staff_a).get("/documents/?scope=mine").content.decode()
    assert _marked(html, URGENT, urgent.title)
    assert not _marked(html, URGENT, plain.title) and not _marked(html, MOST, plain.title)
    assert plain.title in html
