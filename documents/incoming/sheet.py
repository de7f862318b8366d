"""The 收文处理笺 (incoming processing sheet) of a delivery, as offices print it: the receiving unit's
name + 收文处理笺 over one bordered table — 来文单位, 来文字号, 份数; 收文编号, 收文日期, 成文日期; 文种,
密级, 缓急; 标题; 附件; 拟办意见 (拟办人, date); 领导批示 (every 批示, 同意拟办 and 圈阅 in the order
written, with the leader's name, handwriting and date; readers' 批示 on circulation are marked
传阅批示); 主办 and 协办 (with what each 协办 gave); 办理结果 (and the 答复); 备注 (转办, 退回, paper).

The rows it reads are loaded once for many deliveries by
documents.incoming.selectors.deliveries_for_sheets; the drawing is documents.rendering.form(_docx).
"""

from __future__ import annotations

from documents.choices import DocType, Urgency
from documents.incoming.models import Delivery, DeliveryState, Handling, TurnKind
from documents.rendering.context import attachment_lines
from documents.rendering.form import NOT_CLASSIFIED, TABLE_W_MM, Cell, Form, Opinion, Row, day, png_or_none

NAME = "收文处理笺"
LABEL_MM = 24.0  # four characters of 小四 and the cell's padding
# Six columns: label, value (a date fits), label, value (short), label, value (a date or 收文编号 fits);
# 来文单位 and 来文字号 take the three middle columns.
WIDTHS = (LABEL_MM, 36.0, LABEL_MM, 25.0, LABEL_MM, TABLE_W_MM - 3 * LABEL_MM - 36.0 - 25.0)
# Room to write by hand, as on the printed form (the rows grow with what is written).
PROPOSAL_MM, INSTRUCTIONS_MM, RESULT_MM, REMARKS_MM = 30.0, 80.0, 25.0, 14.0
READER_NOTE = "传阅批示"
# 文种 from a paper arrival's title: a title ends with its kind (关于……的通知); longest first (批复 before 复).
_KINDS = sorted((value for value in DocType.values), key=len, reverse=True)


def label(text: str) -> Cell:
    """A label cell; two characters are spread to the width of four (标　　题), as forms print them."""
    return Cell(f"{text[0]}　　{text[1]}" if len(text) == 2 else text, label=True)


def value(text: str = "", *, span: int = 1, empty: str = "") -> Cell:
    return Cell(text or "", span=span, empty=empty)


def doc_kind(delivery: Delivery) -> str:
    """文种: the document's own when it came through the system, else read from the end of the title."""
    if delivery.document_id:
        return delivery.document.get_doc_type_display()
    title = delivery.title.strip().rstrip("。")
    return next((kind for kind in _KINDS if title.endswith(kind)), "")


def opinion_of_turn(turn) -> Opinion:
    words = turn.text.strip()
    if turn.kind == TurnKind.CIRCLE:
        words = TurnKind.CIRCLE.label
    elif not words and turn.kind == TurnKind.AGREE:
        words = TurnKind.AGREE.label
    return Opinion(text=words, name=turn.person.name, date=day(turn.done_at), signature=png_or_none(turn.signature_png))


def opinion_of_reading(reading) -> Opinion:
    words = TurnKind.CIRCLE.label if reading.kind == TurnKind.CIRCLE else reading.text.strip()
    return Opinion(text=words, name=reading.reader.name, date=day(reading.written_at or reading.read_at),
                   signature=png_or_none(reading.signature_png), note=READER_NOTE)


def instructions(delivery: Delivery) -> list[Opinion]:
    """Every 批示 written on the delivery, oldest first: the leaders' turns that are done and what
    readers wrote on it in circulation (prefetched: `done_turns`, and `written` on each circulation)."""
    dated = [(turn.done_at, 0, turn.pk, opinion_of_turn(turn)) for turn in delivery.done_turns]
    for circulation in delivery.circulations.all():
        for reading in circulation.written:
            dated.append((reading.written_at or reading.read_at or circulation.created_at, 1, reading.pk,
                          opinion_of_reading(reading)))
    return [opinion for *_, opinion in sorted(dated, key=lambda item: item[:3])]


def assists_text(delivery: Delivery) -> str:
    lines = []
    for assist in (a for a in delivery.assists.all() if not a.lead):  # the 主办 has a row too
        if assist.done_at:
            lines.append(f"{assist.person.name}：{assist.result or '已反馈'}（{day(assist.done_at)}）")
        else:
            lines.append(f"{assist.person.name}（尚未反馈）")
    return "\n".join(lines)


def result_text(delivery: Delivery) -> str:
    lines = [delivery.result.strip()] if delivery.result.strip() else []
    if delivery.reply.strip():
        lines.append(f"答复：{delivery.reply.strip()}")
    if delivery.done_at and delivery.state in (DeliveryState.DONE, DeliveryState.ARCHIVED):
        lines.append(f"办结日期：{day(delivery.done_at)}")
    return "\n".join(lines)


def remarks(delivery: Delivery) -> str:
    lines = []
    if delivery.on_paper:
        lines.append("纸质来文")
    if delivery.transferred_from_id:
        lines.append(f"由{delivery.transferred_from.department.name}转办")
    if delivery.transferred_to_id:
        lines.append(f"已转办{delivery.transferred_to.name}（{day(delivery.done_at)}）")
    if delivery.state == DeliveryState.RETURNED:
        lines.append(f"已退回来文单位：{delivery.return_reason}（{day(delivery.returned_at)}）")
    if delivery.reply_requested and not delivery.reply.strip():
        lines.append("需答复来文单位")
    return "；".join(lines)


def attachments_text(delivery: Delivery) -> str:
    if not delivery.document_id:
        return ""
    document = delivery.document
    names = attachment_lines(document.attachment_note) or [a.name for a in document.attachments.all()]
    if len(names) == 1:
        return names[0]
    return "\n".join(f"{n}. {name}" for n, name in enumerate(names, start=1))


def processing_sheet(delivery: Delivery) -> Form:
    """The sheet of one delivery loaded by deliveries_for_sheets."""
    document = delivery.document if delivery.document_id else None
    proposal = ()
    if delivery.proposal.strip() or delivery.proposed_by_id:
        proposal = (Opinion(text=delivery.proposal.strip(), name=delivery.proposed_by.name if delivery.proposed_by_id else "",
                            date=day(delivery.proposed_at)),)
    handling = {Handling.TASK: "类别：办件", Handling.READING: "类别：阅件"}.get(delivery.handling, "")
    return Form(
        unit=delivery.department.name,
        name=NAME,
        widths_mm=WIDTHS,
        above_left=handling,
        rows=[
            Row((label("来文单位"), value(delivery.sender_name, span=3), label("收文编号"), value(delivery.register_number))),
            Row((label("来文字号"), value(delivery.sender_number, span=3), label("收文日期"), value(day(delivery.signed_at)))),
            Row((label("成文日期"), value(day(document.written_date) if document else ""), label("文种"),
                 value(doc_kind(delivery)), label("份数"), value(str(delivery.copies)))),
            Row((label("密级"), value(NOT_CLASSIFIED), label("缓急"), value(Urgency(delivery.urgency).label),
                 label("办理时限"), value(day(delivery.due_date)))),
            Row((label("标题"), value(delivery.title, span=5))),
            Row((label("附件"), value(attachments_text(delivery), span=5))),
            Row((label("拟办意见"), Cell(span=5, opinions=proposal)), PROPOSAL_MM),
            Row((label("领导批示"), Cell(span=5, opinions=tuple(instructions(delivery)))), INSTRUCTIONS_MM),
            Row((label("主办"), value(delivery.assignee.name if delivery.assignee_id else ""),
                 label("协办"), value(assists_text(delivery), span=3))),
            Row((label("办理结果"), value(result_text(delivery), span=5)), RESULT_MM),
            Row((label("备注"), value(remarks(delivery), span=5)), REMARKS_MM),
        ],
    )


def filename(deliveries: list[Delivery], extension: str) -> str:
    if len(deliveries) == 1:
        d = deliveries[0]
        return f"{NAME}-{d.register_number or d.title[:30] or d.pk}.{extension}"
    return f"{NAME}-{len(deliveries)}件.{extension}"
