"""The 发文稿纸 (outgoing cover sheet) of a document, after GB 826-1989 and agency forms: the issuing
unit's name + 发文稿纸, 密级 and 缓急 above one bordered table — 签发 (opinion, name, handwriting,
date), 会签 (each co-signer), 核稿 and 办公室意见 (复核), 拟稿单位 and 拟稿人; 发文字号 and 印制份数;
标题; 主送; 抄送; 附件; 公开方式 and 印发日期; 打字 and 校对 (left blank to be filled by hand).

Everything comes from the approval trail (ApprovalStep), the co-signers (Countersign) and the
recipients, loaded for many documents at once by documents.selectors.documents_for_sheets.
"""

from __future__ import annotations

from documents.choices import Publicity, RecipientKind, Step, Urgency
from documents.models import Document
from documents.rendering.context import attachment_lines
from documents.rendering.form import NOT_CLASSIFIED, TABLE_W_MM, Cell, Form, Opinion, Row, day, png_or_none

NAME = "发文稿纸"
LABEL_MM = 24.0
WIDTHS = (LABEL_MM, TABLE_W_MM / 2 - LABEL_MM, LABEL_MM, TABLE_W_MM / 2 - LABEL_MM)
SIGN_MM, COUNTERSIGN_MM, REVIEW_MM = 50.0, 38.0, 38.0
PENDING = "待会签"
STANDIN = "代签"


def label(text: str) -> Cell:
    return Cell(f"{text[0]}　　{text[1]}" if len(text) == 2 else text, label=True)


def value(text: str = "", *, span: int = 1) -> Cell:
    return Cell(text or "", span=span)


def opinion_of_step(step, *, unit: str = "") -> Opinion:
    name = step.actor_name if not unit or step.department.name == unit else f"{step.department.name} {step.actor_name}"
    return Opinion(text=step.opinion.strip(), name=name, date=day(step.at), signature=png_or_none(step.signature_png),
                   note=STANDIN if step.as_standin else "")


def opinions(document: Document, *kinds: str) -> tuple[Opinion, ...]:
    unit = document.drafting_department.name
    return tuple(opinion_of_step(step, unit=unit) for step in document.steps.all() if step.step in kinds)


def countersign_opinions(document: Document) -> tuple[Opinion, ...]:
    unit = document.drafting_department.name
    signed = list(opinions(document, Step.COUNTERSIGN))
    for row in document.countersigns.all():
        if row.signed_at is None:
            person = row.person
            department = person.department.name if person.department_id else ""
            name = person.name if not department or department == unit else f"{department} {person.name}"
            signed.append(Opinion(text="", name=name, note=PENDING))
    return tuple(signed)


def recipients(document: Document) -> tuple[str, str]:
    main, copy = [], []
    for row in document.recipient_rows.all():
        (main if row.kind == RecipientKind.MAIN else copy).append(row.department.name)
    if document.recipients_note.strip():
        main.append(document.recipients_note.strip())
    return "、".join(main), "、".join(copy)


def attachments_text(document: Document) -> str:
    names = attachment_lines(document.attachment_note) or [a.name for a in document.attachments.all()]
    if len(names) == 1:
        return names[0]
    return "\n".join(f"{n}. {name}" for n, name in enumerate(names, start=1))


def drafter_text(document: Document) -> str:
    submitted = next((step.at for step in document.steps.all() if step.step == Step.SUBMIT), None)
    return f"{document.drafter.name}　{day(submitted or document.created_at)}"


def draft_sheet(document: Document) -> Form:
    """The sheet of one document loaded by documents_for_sheets."""
    main, copy = recipients(document)
    return Form(
        unit=document.issuing_department.name,
        name=NAME,
        widths_mm=WIDTHS,
        above_left=f"密级：{NOT_CLASSIFIED}",
        above_right=f"缓急：{Urgency(document.urgency).label}",
        rows=[
            Row((label("签发"), Cell(span=3, opinions=opinions(document, Step.SIGN))), SIGN_MM),
            Row((label("会签"), Cell(span=3, opinions=countersign_opinions(document))), COUNTERSIGN_MM),
            Row((label("核稿"), Cell(opinions=opinions(document, Step.REVIEW)),
                 label("办公室意见"), Cell(opinions=opinions(document, Step.CHECK, Step.RESIGN))), REVIEW_MM),
            Row((label("拟稿单位"), value(document.drafting_department.name), label("拟稿人"), value(drafter_text(document)))),
            Row((label("发文字号"), value(document.doc_number), label("印制份数"), value(f"{document.print_copies} 份" if document.print_copies else ""))),
            Row((label("标题"), value(document.title, span=3))),
            Row((label("主送"), value(main, span=3))),
            Row((label("抄送"), value(copy, span=3))),
            Row((label("附件"), value(attachments_text(document), span=3))),
            Row((label("公开方式"), value(Publicity(document.publicity).label), label("印发日期"),
                 value(day(document.printed_date)))),
            Row((label("打字"), value(""), label("校对"), value(""))),
        ],
    )


def filename(documents: list[Document], extension: str) -> str:
    if len(documents) == 1:
        d = documents[0]
        return f"{NAME}-{d.doc_number or d.title[:30] or d.pk}.{extension}"
    return f"{NAME}-{len(documents)}件.{extension}"
