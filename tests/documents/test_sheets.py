"""The printed forms: the 收文处理笺 of a delivery and the 发文稿纸 of a document, as PDF and DOCX, one or
many at once, from the pages and the API — what they say (every 批示 in order with names and dates,
handwriting embedded), who may print them, and the Chinese 400 for a bad batch."""

import base64
import io
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import docx
import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfReader

from documents.choices import DocumentState as S
from documents.incoming.models import (
    Assist,
    Circulation,
    DeliveryState,
    Handling,
    LeaderTurn,
    Reading,
    TurnKind,
)
from documents.models import Delivery
from documents.services.actions import document_transition
from documents.services.flow import StepInput
from documents.views.sheets import MAX_SHEETS
from oa.org.choices import Role
from tests.conftest import TEST_PASSWORD
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db


def handwriting(seed: int = 0) -> bytes:
    """A small PNG scribble, as the signing pad sends it."""
    image = Image.new("RGBA", (240, 90), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    points = [(10 + i * 22, 45 + ((i * 37 + seed * 11) % 50) - 25) for i in range(11)]
    pen.line(points, fill=(20, 20, 20, 255), width=5, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def at(day: int, hour: int = 9):
    return timezone.make_aware(datetime(2026, 11, day, hour, 30))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def keep(name: str, content: bytes) -> None:
    """With OA_SHEETS_LOOK=<folder>, keep the file to look at (pdftoppm -r 60 -png)."""
    folder = os.environ.get("OA_SHEETS_LOOK")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(content)


def pdf_pages(content: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_images(content: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(content)).pages)


def docx_text(content: bytes) -> tuple[str, int, int]:
    """(all text of paragraphs and tables, inline pictures, page breaks before paragraphs)."""
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            previous = None
            for cell in row.cells:
                if cell._tc is not previous:  # a merged cell is listed once per column it spans
                    parts.append(cell.text)
                previous = cell._tc
    breaks = sum(1 for p in document.paragraphs if p.paragraph_format.page_break_before)
    return flat("".join(parts)), len(document.inline_shapes), breaks


@pytest.fixture
def handled(personas, draft, walk):
    """handled(title) -> department B's delivery of A's document, handled to the end: registered, 拟办 by the
    office director, 批示 by the 分管领导 (with handwriting), a reader's 传阅批示, 圈阅 by the 局长,
    主办 staff B with clerk B as 协办, 办结 with an answer."""

    def _handled(title="关于报送试运行工作组名单的通知", seq=7):
        document = walk(draft(title=title, attachment_note="1.工作组名单\n2.联系人表"), S.DISPATCHED)
        delivery = Delivery.objects.get(document=document, department=personas.dept_b)
        p = personas
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.DONE, handling=Handling.TASK, signed_by=p.clerk_b, signed_at=at(3, 8),
            register_year=2026, register_seq=seq, proposal="拟请王局长阅示，由综合科办理。", proposed_by=p.director_b,
            proposed_at=at(3, 10), assignee=p.staff_b, instruction="同意", result="已于11月10日报送工作组名单。",
            reply="名单已报送。", done_at=at(10, 16), due_date=at(12).date(),
        )
        LeaderTurn.objects.create(delivery=delivery, person=p.leader_b, round=1, kind=TurnKind.INSTRUCT,
                                  text="请综合科抓紧落实，按时报送。", signature_png=handwriting(1), done_at=at(4))
        LeaderTurn.objects.create(delivery=delivery, person=p.head_b, round=2, kind=TurnKind.CIRCLE,
                                  signature_png=handwriting(2), done_at=at(6))
        LeaderTurn.objects.create(delivery=delivery, person=p.leader_a, round=2)  # never written: not printed
        circulation = Circulation.objects.create(delivery=delivery, sender=p.leader_b, note="请阅")
        Reading.objects.create(circulation=circulation, reader=p.head_a, read_at=at(5), kind=TurnKind.INSTRUCT,
                               text="注意与人事科衔接。", written_at=at(5, 11))
        Reading.objects.create(circulation=circulation, reader=p.clerk_b, read_at=at(5))  # read, wrote nothing
        Assist.objects.create(delivery=delivery, person=p.clerk_b, result="已提供联系人表", done_at=at(8))
        return Delivery.objects.get(pk=delivery.pk)

    return _handled


def test_the_processing_sheet_pdf_says_everything_in_order(personas, handled, login):
    delivery = handled()
    response = login(personas.clerk_b).get(f"/inbox/{delivery.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    keep("processing-sheet.pdf", response.content)
    [text] = pdf_pages(response.content)
    p = personas
    for expected in ("乙局收文处理笺", "来文单位", "甲局", "来文字号", "韶甲〔", "收文编号", "收〔2026〕7号",
                     "收文日期", "2026年11月3日", "成文日期", "文种", "通知", "密级", "非密", "缓急", "平件", "份数",
                     "关于报送试运行工作组名单的通知", "1.工作组名单", "2.联系人表", "拟办意见",
                     "拟请王局长阅示，由综合科办理。", p.director_b.name, "类别：办件", "办理时限2026年11月12日",
                     "主办", p.staff_b.name, "协办", f"{p.clerk_b.name}：已提供联系人表（2026年11月8日）",
                     "已于11月10日报送工作组名单。", "答复：名单已报送。", "办结日期：2026年11月10日"):
        assert flat(expected) in text, expected
    # 批示 in the order written, each with its writer and date; the reader's marked as 传阅批示
    order = [text.index(flat(s)) for s in (
        "请综合科抓紧落实，按时报送。", f"{p.leader_b.name}2026年11月4日",
        "注意与人事科衔接。", f"（传阅批示）{p.head_a.name}2026年11月5日",
        "圈阅", f"{p.head_b.name}2026年11月6日")]
    assert order == sorted(order), order
    assert text.index("领导批示") < order[0] < text.index("办理结果")
    assert p.leader_a.name not in text  # asked, never wrote
    assert pdf_images(response.content) == 2  # both handwritten signatures


def test_the_processing_sheet_docx_says_the_same(personas, handled, login):
    delivery = handled()
    response = login(personas.leader_b).get(f"/api/v1/deliveries/{delivery.pk}/sheet.docx")
    assert response.status_code == 200
    keep("processing-sheet.docx", response.content)
    text, pictures, _ = docx_text(response.content)
    p = personas
    for expected in ("乙局收文处理笺", "收〔2026〕7号", "2026年11月3日", "拟请王局长阅示，由综合科办理。",
                     "非密", "已于11月10日报送工作组名单。", f"{p.clerk_b.name}：已提供联系人表"):
        assert flat(expected) in text, expected
    order = [text.index(flat(s)) for s in ("请综合科抓紧落实，按时报送。", p.leader_b.name, "注意与人事科衔接。",
                                           "（传阅批示）", "圈阅", p.head_b.name)]
    assert order == sorted(order)
    assert pictures == 2


def test_a_paper_arrival_prints_what_is_known(personas, login):
    delivery = Delivery.objects.create(
        department=personas.dept_b, sent_at=at(2), title="关于召开防汛工作会议的通知", sender_name="市水务局",
        sender_number="韶水〔2026〕15号", urgency="urgent", copies=3, on_paper=True, signed_by=personas.clerk_b,
        signed_at=at(2), state=DeliveryState.SIGNED)
    response = login(personas.clerk_b).get(f"/api/v1/deliveries/{delivery.pk}/sheet.pdf")
    keep("processing-sheet-paper.pdf", response.content)
    [text] = pdf_pages(response.content)
    for expected in ("市水务局", "韶水〔2026〕15号", "2026年11月2日", "加急", "纸质来文", "通知"):
        assert flat(expected) in text, expected
    assert pdf_images(response.content) == 0


def test_only_those_who_may_see_a_delivery_print_it(personas, handled, client, login):
    delivery = handled()
    outsider = person_with_role("c_clerk", DepartmentFactory(name="丙局", slug="deptc"), Role.CLERK, "文书")
    login(outsider)
    for url in (f"/inbox/{delivery.pk}/sheet.pdf", f"/api/v1/deliveries/{delivery.pk}/sheet.docx",
                f"/api/v1/deliveries/sheets.pdf?ids={delivery.pk}"):
        assert client.get(url).status_code == 404, url
    client.logout()
    login(personas.info_center)  # the supervisors watch every department
    assert client.get(f"/api/v1/deliveries/{delivery.pk}/sheet.pdf").status_code == 200


def test_many_sheets_make_one_file_a_page_each(personas, handled, login):
    first, second = handled("关于第一期培训的通知", seq=8), handled("关于第二期培训的通知", seq=9)
    client = login(personas.clerk_b)
    response = client.get(f"/api/v1/deliveries/sheets.pdf?ids={second.pk},{first.pk},{second.pk}")
    assert response.status_code == 200
    keep("processing-sheets.pdf", response.content)
    pages = pdf_pages(response.content)
    assert len(pages) == 2 and all(page.startswith("乙局收文处理笺") for page in pages)
    assert "关于第二期培训的通知" in pages[0] and "关于第一期培训的通知" in pages[1]  # the order asked
    response = client.get(f"/api/v1/deliveries/sheets.docx?ids={first.pk},{second.pk}")
    text, pictures, breaks = docx_text(response.content)
    assert text.count("乙局收文处理笺") == 2 and breaks == 1 and pictures == 4
    # the register's batch form sends the ids as repeated checkboxes
    response = client.get(f"/inbox/sheets.pdf?ids={first.pk}&ids={second.pk}")
    assert response.status_code == 200 and len(pdf_pages(response.content)) == 2


@pytest.mark.parametrize("query, message", [
    ("", "请先选择"), ("ids=", "请先选择"), ("ids=1,abc", "不是有效的编号"), ("ids=-3", "不是有效的编号"),
    ("ids=0", "不是有效的编号"), ("ids=" + "9" * 30, "不是有效的编号"),
    ("ids=" + ",".join(str(n) for n in range(1, MAX_SHEETS + 2)), "一次最多打印 100 件"),
])
@pytest.mark.parametrize("path", ["/api/v1/deliveries/sheets.pdf", "/api/v1/documents/draft-sheets.docx"])
def test_a_bad_batch_is_a_400_in_chinese(personas, login, query, message, path):
    response = login(personas.clerk_b).get(f"{path}?{query}")
    assert response.status_code == 400
    assert message in str(response.json()["ids"])


def test_a_batch_with_an_id_not_visible_is_a_404_naming_it_and_an_unknown_format_too(personas, handled, login):
    delivery = handled()
    client = login(personas.clerk_b)
    response = client.get(f"/api/v1/deliveries/sheets.pdf?ids={delivery.pk},999999")
    assert response.status_code == 404 and "999999" in response.json()["detail"]
    response = client.get(f"/api/v1/deliveries/{delivery.pk}/sheet.odt")
    assert response.status_code == 404 and "pdf、docx" in response.json()["detail"]
    assert client.get(f"/inbox/{delivery.pk}/sheet.odt").status_code == 404


def test_the_page_batch_without_a_choice_goes_back_with_a_message(personas, login):
    client = login(personas.clerk_b)
    response = client.get("/inbox/sheets.pdf", HTTP_REFERER="http://testserver/inbox/?tab=register", follow=True)
    assert response.redirect_chain[-1][0] == "http://testserver/inbox/?tab=register"
    assert "请先选择要打印的文件" in response.content.decode()
    response = client.get("/inbox/sheets.pdf", HTTP_REFERER="https://elsewhere.example/")
    assert response["Location"] == "/inbox/?tab=register"


# --- 发文稿纸 -------------------------------------------------------------------------------------


def _signature_url(seed: int) -> str:
    return "data:image/png;base64," + base64.b64encode(handwriting(seed)).decode()


@pytest.fixture
def signed_document(personas, draft, walk):
    """A's document with a co-signer from B, walked to 待核发 with handwriting at 会签 and 签发."""

    def step(person, action, document, **fields):
        if action == "sign":
            fields.setdefault("confirmation", TEST_PASSWORD)
        return document_transition(actor=person, document_id=document.pk, action=action, step=StepInput(**fields))

    p = personas
    document = draft(title="关于开展电子公文交换试运行的通知", countersigners=[p.leader_b], cc=[p.info_dept],
                     attachment_note="试运行单位名单", urgency="urgent", publicity="active", print_copies=30)
    document = step(p.staff_a, "submit", document)
    document = step(p.director_a, "review", document, opinion="文字已核，拟同意。")  # 核稿 keeps no handwriting
    if document.state == S.COUNTERSIGN:
        document = step(p.leader_b, "countersign", document, opinion="同意会签。", signature_data_url=_signature_url(2))
    document = step(p.leader_a, "sign", document, opinion="同意印发。", signature_data_url=_signature_url(3))
    document = step(p.director_a, "check", document, opinion="经复核无误。")
    return walk(document, S.DISPATCH)


def test_the_draft_sheet_carries_the_trail(personas, signed_document, login):
    document = signed_document
    p = personas
    response = login(p.staff_a).get(f"/documents/{document.pk}/draft-sheet.pdf")
    assert response.status_code == 200
    keep("draft-sheet.pdf", response.content)
    [text] = pdf_pages(response.content)
    for expected in ("甲局发文稿纸", "密级：非密", "缓急：加急", "签发", "同意印发。", p.leader_a.name, "会签", "同意会签。",
                     f"乙局{p.leader_b.name}", "核稿", "文字已核，拟同意。", "办公室意见", "经复核无误。",
                     "拟稿单位", "拟稿人", p.staff_a.name, "发文字号", document.doc_number, "关于开展电子公文交换试运行的通知",
                     "主送", "乙局", "抄送", "市信息中心", "附件", "试运行单位名单", "公开方式", "主动公开", "印发日期",
                     f"印发日期{document.printed_date.year}年", "印制份数30份", "打字", "校对"):
        assert flat(expected) in text, expected
    assert text.index("同意印发。") < text.index("同意会签。") < text.index("文字已核")
    assert pdf_images(response.content) == 2  # 会签 and 签发
    response = login(p.staff_a).get(f"/api/v1/documents/{document.pk}/draft-sheet.docx")
    keep("draft-sheet.docx", response.content)
    text, pictures, _ = docx_text(response.content)
    assert flat("甲局发文稿纸") in text and "同意印发。" in text and document.doc_number in text and pictures == 2


def test_a_draft_sheet_of_a_draft_leaves_blanks_and_names_who_has_not_co_signed(personas, draft, login, act):
    document = act(personas.staff_a, "submit", draft(countersigners=[personas.leader_b]))
    document = act(personas.director_a, "review", document, opinion="拟同意")
    response = login(personas.staff_a).get(f"/api/v1/documents/draft-sheets.pdf?ids={document.pk}")
    [text] = pdf_pages(response.content)
    assert flat(f"（待会签）乙局{personas.leader_b.name}") in text and "拟同意" in text


def test_draft_sheets_are_printed_only_by_those_who_see_the_document(personas, signed_document, draft, client, login):
    outsider = person_with_role("c_staff", DepartmentFactory(name="丙局", slug="deptc"), Role.STAFF, "科员")
    login(outsider)
    for url in (f"/documents/{signed_document.pk}/draft-sheet.pdf", f"/api/v1/documents/{signed_document.pk}/draft-sheet.pdf",
                f"/api/v1/documents/draft-sheets.docx?ids={signed_document.pk}"):
        assert client.get(url).status_code == 404, url
    client.logout()
    other = draft(title="关于第二份文件的通知")
    login(personas.staff_a)
    response = client.get(f"/documents/draft-sheets.pdf?ids={signed_document.pk}&ids={other.pk}")
    pages = pdf_pages(response.content)
    assert len(pages) == 2 and all(page.startswith("甲局发文稿纸") for page in pages)
    response = client.get(f"/api/v1/documents/draft-sheets.docx?ids={signed_document.pk},{other.pk}")
    text, _, breaks = docx_text(response.content)
    assert text.count("甲局发文稿纸") == 2 and breaks == 1


def test_batch_printing_reads_a_fixed_number_of_queries(personas, handled, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.clerk_b)
    ids = [handled(f"关于第{n}期培训的通知", seq=20 + n).pk for n in range(2)]
    with CaptureQueriesContext(connection) as two:
        client.get(f"/api/v1/deliveries/sheets.pdf?ids={','.join(map(str, ids))}")
    ids += [handled(f"关于第{n}期培训的通知", seq=20 + n).pk for n in range(2, 6)]
    with CaptureQueriesContext(connection) as six:
        client.get(f"/api/v1/deliveries/sheets.pdf?ids={','.join(map(str, ids))}")
    assert len(two.captured_queries) == len(six.captured_queries)


def test_due_dates_do_not_leak_between_sheets(personas, handled, login):
    """Each sheet prints its own delivery (a guard on the batch's prefetching)."""
    first = handled("关于第一期培训的通知", seq=30)
    second = handled("关于第二期培训的通知", seq=31)
    Delivery.objects.filter(pk=second.pk).update(due_date=first.due_date + timedelta(days=5))
    pages = pdf_pages(login(personas.clerk_b).get(f"/api/v1/deliveries/sheets.pdf?ids={first.pk},{second.pk}").content)
    assert "2026年11月12日" in pages[0] and "2026年11月17日" in pages[1]
