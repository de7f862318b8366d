"""What the PDF and DOCX renderers print, computed once from a Document (GB/T 33480 elements)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from documents.body import Block, parse_body
from documents.choices import Direction, RecipientKind, Urgency
from documents.rendering.layout import cn_date

ATTACHMENT_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.．、]\s*")
UNNUMBERED = "（未编号）"
SIGNERS_PER_LINE = 2


@dataclass
class Printed:
    copy_number: str  # 份号, 6 digits, or ''
    urgency: str  # 紧急程度 label, '' for 平件
    organ_mark: str
    upward: bool
    doc_number: str  # '' until numbered
    doc_number_placeholder: str  # shown lightly in place of an unassigned number
    signer_labels: list[str]  # 上行文: the 签发人's names, the lead organ's first ([] if not signed yet)
    title: str
    main_to: str  # 主送机关 line without the colon, '' if none
    blocks: list[Block]
    attachments: list[str]
    signature_name: str
    date_text: str  # 成文日期; '' for drafts not (or no longer) signed
    sealed: bool
    seal_name: str
    remark: str
    copy_to: str  # 抄送 names joined with ，, '' if none
    printing_org: str
    printed_date_text: str

    @property
    def signer_rows(self) -> list[list[str]]:
        """The 签发人 names as GB/T 9704-2012 7.2.4 lays them out: two a line, in order, a new line aligned
        with the first name of the line above; the 发文字号 stands on the last line. One empty name when
        nobody has signed yet (the line still reads 签发人：)."""
        names = self.signer_labels or [""]
        return [names[i:i + SIGNERS_PER_LINE] for i in range(0, len(names), SIGNERS_PER_LINE)]


def recipients(document) -> tuple[list[str], list[str]]:
    """(主送 names, 抄送 names) in their order, in one query."""
    from documents.models.document import Recipient

    main, copy = [], []
    rows = Recipient.objects.filter(document_id=document.pk).select_related("department").order_by("position", "id")
    for row in rows:
        (main if row.kind == RecipientKind.MAIN else copy).append(row.department.name)
    return main, copy


def attachment_lines(note: str) -> list[str]:
    lines = [line.strip() for line in (note or "").splitlines() if line.strip()]
    return [ATTACHMENT_NUMBER.sub("", line) for line in lines]


def printed(document) -> Printed:
    main, copy = recipients(document) if document.pk else ([], [])
    main_to = "、".join([*main, *([document.recipients_note.strip()] if document.recipients_note.strip() else [])])
    signer = document.signer if document.signer_id else None
    # One organ signs today; a joint 上行文 lists every organ's signer here, the lead's first.
    signer_labels = [getattr(signer, "name", "") or getattr(signer, "username", "")] if signer else []
    return Printed(
        copy_number=document.copy_number_text,
        urgency="" if document.urgency == Urgency.NORMAL else document.get_urgency_display(),
        organ_mark=document.organ_mark.strip(),
        upward=document.direction == Direction.UPWARD,
        doc_number=document.doc_number,
        doc_number_placeholder="" if document.doc_number else UNNUMBERED,
        signer_labels=signer_labels,
        title=document.title.strip(),
        main_to=main_to.rstrip("：:"),
        blocks=parse_body(document.body),
        attachments=attachment_lines(document.attachment_note),
        signature_name=document.signature_name.strip(),
        date_text=cn_date(document.written_date) if (document.signed_at or document.doc_number) else "",
        sealed=bool(document.sealed),
        seal_name=document.issuing_department.name if document.sealed else "",
        remark=document.remark.strip().removeprefix("（").removesuffix("）"),
        copy_to="，".join(copy),
        printing_org=document.printing_org.strip(),
        printed_date_text=cn_date(document.printed_date),
    )
