"""The 收文登记簿's columns (收文号, 收文日期, 来文机关, 来文字号, 标题, 附件, 份数, 密级, 承办单位/主办, 签收人,
办理情况, 复文号/答复, 归卷日期) on the page and in the XLSX, its batch printing form, and the paper
arrival's 收文日期 (default today, never in the future), which is the day the register shows."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from documents.choices import DocumentState as S
from documents.incoming.models import DeliveryState, DeliveryStep
from documents.incoming.permissions import ACTION_LABELS
from documents.incoming.register import HEADER
from documents.models import Delivery
from documents.services.drafting import attachment_add
from tests.trial.reports import GATE, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived(personas, draft, walk):
    """B's delivery of A's document with one attachment, registered, handled by staff B, answered and archived."""
    document = draft(title="关于报送年度工作总结的通知")
    attachment_add(actor=personas.staff_a, document_id=document.pk, upload=uploaded(), gate=GATE)
    document = walk(document, S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    signed = timezone.now() - timedelta(days=6)
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.ARCHIVED, signed_by=personas.clerk_b, signed_at=signed, register_year=2026, register_seq=12,
        assignee=personas.staff_b, result="已按要求报送年度工作总结。", reply="复函已发出。", done_at=timezone.now())
    DeliveryStep.objects.create(delivery=delivery, action=ACTION_LABELS["archive"], actor=personas.clerk_b,
                                actor_name=personas.clerk_b.name, at=timezone.now() - timedelta(days=1))
    return Delivery.objects.get(pk=delivery.pk)


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_the_register_page_shows_the_register_columns(personas, archived, login):
    page = login(personas.clerk_b).get("/inbox/?tab=register").content.decode()
    for header in HEADER:
        assert f">{header}</th>" in page, header
    signed = timezone.localtime(archived.signed_at).date()
    for expected in ("收〔2026〕12号", _cn(signed), "甲局", archived.sender_number, "关于报送年度工作总结的通知",
                     "<td>1</td>", "非密", personas.staff_b.name, personas.clerk_b.name, "已归档：已按要求报送年度工作总结。",
                     "复函已发出。", _cn(timezone.localdate() - timedelta(days=1))):
        assert expected in page, expected
    assert f'name="ids" value="{archived.pk}" form="oa-sheet-batch"' in page and "/inbox/sheets.pdf" in page


def test_the_register_xlsx_has_the_same_columns(personas, archived, login):
    response = login(personas.clerk_b).get("/inbox/register.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    line = dict(zip(HEADER, rows[1], strict=True))
    assert line["收文号"] == "收〔2026〕12号" and line["附件"] == 1 and line["份数"] == 1 and line["密级"] == "非密"
    assert line["承办单位/主办"] == personas.staff_b.name and line["签收人"] == personas.clerk_b.name
    assert line["办理情况"] == "已归档：已按要求报送年度工作总结。" and line["复文号/答复"] == "复函已发出。"
    assert line["归卷日期"] == _cn(timezone.localdate() - timedelta(days=1))


def test_an_unsigned_delivery_has_no_date_and_a_transferred_one_names_the_unit(personas, draft, walk, login):
    document = walk(draft(), S.DISPATCHED)
    delivery = Delivery.objects.get(document=document, department=personas.dept_b)
    page = login(personas.clerk_b).get("/inbox/?tab=register").content.decode()
    row = page[page.index(f'value="{delivery.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "待签收" in row and "年" not in row.split("</td>")[2]  # 收文日期 blank until signed for
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.TRANSFERRED, transferred_to=personas.info_dept)
    page = login(personas.clerk_b).get("/inbox/?tab=register").content.decode()
    assert "转办市信息中心" in page


def test_the_register_reads_the_same_number_of_queries_for_more_rows(personas, draft, walk, login, client):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/inbox/?tab=register").status_code == 200
        return len(captured.captured_queries)

    login(personas.clerk_b)
    walk(draft(title="第一件"), S.DISPATCHED)
    few = count()
    for n in range(3):
        document = draft(title=f"第{n + 2}件")
        attachment_add(actor=personas.staff_a, document_id=document.pk, upload=uploaded(), gate=GATE)
        walk(document, S.DISPATCHED)
    assert count() == few


def test_a_paper_arrival_takes_its_day_of_arrival(personas, login, client):
    login(personas.clerk_b)
    form = client.get("/inbox/paper/").content.decode()
    assert "收文日期" in form and f'value="{timezone.localdate():%Y-%m-%d}"' in form
    earlier = timezone.localdate() - timedelta(days=3)
    response = client.post("/inbox/paper/", {"title": "关于召开防汛会议的通知", "sender_name": "市水务局", "urgency": "normal",
                                             "copies": 2, "received_on": f"{earlier:%Y-%m-%d}"})
    assert response.status_code == 302
    delivery = Delivery.objects.get(title="关于召开防汛会议的通知")
    assert timezone.localtime(delivery.signed_at).date() == earlier and delivery.copies == 2
    assert _cn(earlier) in client.get("/inbox/?tab=register").content.decode()
    later = timezone.localdate() + timedelta(days=1)
    response = client.post("/inbox/paper/", {"title": "关于明天的通知", "sender_name": "市水务局", "urgency": "normal",
                                             "copies": 1, "received_on": f"{later:%Y-%m-%d}"})
    assert response.status_code == 200 and "收文日期不能晚于今天。" in response.content.decode()
    assert not Delivery.objects.filter(title="关于明天的通知").exists()


def test_a_paper_arrival_through_the_api_defaults_to_today_and_refuses_tomorrow(personas, login, client):
    login(personas.clerk_b)
    response = client.post("/api/v1/deliveries/paper/", {"title": "关于今天来文的通知", "sender_name": "市水务局"},
                           content_type="application/json")
    assert response.status_code == 201
    assert timezone.localtime(Delivery.objects.get(title="关于今天来文的通知").signed_at).date() == timezone.localdate()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post("/api/v1/deliveries/paper/", {"title": "关于明天来文的通知", "sender_name": "市水务局",
                                                          "received_on": f"{tomorrow:%Y-%m-%d}"}, content_type="application/json")
    assert response.status_code == 400 and "收文日期不能晚于今天。" in str(response.json())


def test_the_pages_offer_the_print_buttons(personas, archived, login, client):
    login(personas.clerk_b)
    page = client.get(f"/inbox/{archived.pk}/").content.decode()
    assert f"/inbox/{archived.pk}/sheet.pdf" in page and f"/inbox/{archived.pk}/sheet.docx" in page
    client.logout()
    login(personas.staff_a)
    page = client.get(f"/documents/{archived.document_id}/").content.decode()
    assert f"/documents/{archived.document_id}/draft-sheet.pdf" in page
    listing = client.get("/documents/?scope=department").content.decode()
    assert "/documents/draft-sheets.pdf" in listing and f'name="ids" value="{archived.document_id}"' in listing
