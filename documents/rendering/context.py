"""What the PDF and DOCX renderers print, computed once from a Document (GB/T 33480 elements)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents.body import Block, parse_body
from documents.choices import Direction, DocType, JointMark, RecipientKind, Urgency
from documents.rendering.annexes import Annex, annexes
from documents.rendering.joint import Organ, OrganStack, Signoff, organ_stack, signoff
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
    joint: JointPrint | None = None  # 联合行文 only
    # GB/T 9704 §10 special formats and §8 附件 pages (documents.rendering.annexes)
    letter: bool = False  # 信函格式 (函)
    minutes: bool = False  # 纪要格式: no 署名, no seal; 出席/请假/列席 after the text
    minutes_lines: list[tuple[str, str]] = field(default_factory=list)  # (出席, names) …, the filled ones
    annexes: list[Annex] = field(default_factory=list)

    @property
    def signed_off(self) -> bool:
        """署名 and 成文日期 (and the seal) are printed: not on a 纪要 (GB/T 9704 §10.3)."""
        return not self.minutes

    @property
    def colophon_lines(self) -> bool:
        """The 版记's rules and 印发 line: not on a 函 (GB/T 9704 §10.1)."""
        return not self.letter

    @property
    def has_colophon(self) -> bool:
        return bool(self.copy_to) or self.colophon_lines

    @property
    def signer_rows(self) -> list[list[str]]:
        """The 签发人 names as GB/T 9704-2012 7.2.4 lays them out: two a line, in order, a new line aligned
        with the first name of the line above; the 发文字号 stands on the last line. One empty name when
        nobody has signed yet (the line still reads 签发人：)."""
        names = self.signer_labels or [""]
        return [names[i:i + SIGNERS_PER_LINE] for i in range(0, len(names), SIGNERS_PER_LINE)]


@dataclass
class JointPrint:
    """What a joint document (联合行文) prints besides: the organs, the lead first."""

    organs: list[Organ]
    stack: OrganStack | None  # the organ mark with every name; None when the lead's alone is printed
    signoff: Signoff


def recipients(document) -> tuple[list[str], list[str]]:
    """(主送 names, 抄送 names) in their order, in one query (none when the rows were prefetched with their
    departments, as documents_for_sheets(for_render=True) and document_for do)."""
    from documents.models.document import Recipient

    main, copy = [], []
    if "recipient_rows" in getattr(document, "_prefetched_objects_cache", {}):
        rows = sorted(document.recipient_rows.all(), key=lambda row: (row.position, row.pk))
    else:
        rows = Recipient.objects.filter(document_id=document.pk).select_related("department").order_by("position", "id")
    for row in rows:
        (main if row.kind == RecipientKind.MAIN else copy).append(row.department.name)
    return main, copy


def attachment_lines(note: str) -> list[str]:
    lines = [line.strip() for line in (note or "").splitlines() if line.strip()]
    return [ATTACHMENT_NUMBER.sub("", line) for line in lines]


ORGAN_MARK_SUFFIX = "文件"


def joint_print(document, date_text: str) -> JointPrint | None:
    """The organs of a joint document in order — the lead (the document's own organ mark, 署名 and
    department) then the co-issuers — with the stacked organ mark and the placed 署名 and seals."""
    if not document.joint:
        return None
    mark = document.organ_mark.strip()
    suffix = ORGAN_MARK_SUFFIX if mark.endswith(ORGAN_MARK_SUFFIX) else ""
    lead_name = mark[:len(mark) - len(suffix)] or document.issuing_department.name
    organs = [Organ(document.issuing_department.name, document.signature_name.strip())]
    organs += [Organ(row.department.name, row.signature_name.strip()) for row in document.co_issuers()]
    stack = None
    if document.joint_mark == JointMark.ALL:
        stack = organ_stack([lead_name, *[organ.name for organ in organs[1:]]], suffix)
    return JointPrint(organs, stack, signoff(organs, date_text))


MINUTES_LABELS = (("minutes_present", "出席"), ("minutes_absent", "请假"), ("minutes_attending", "列席"))


def copy_number_text(copy: int | None, document) -> str:
    """份号: the printed copy's own number when one is asked for (documents.rendering.copies), else the
    document's."""
    return f"{copy:06d}" if copy else document.copy_number_text


def printed(document, copy: int | None = None) -> Printed:
    """What is printed of `document`; `copy`: the 份号 of one printed copy (1 … 印制份数)."""
    main, copy_to = recipients(document) if document.pk else ([], [])
    minutes = document.doc_type == DocType.MINUTES
    annexed = annexes(document, attachment_lines(document.attachment_note))
    main_to = "、".join([*main, *([document.recipients_note.strip()] if document.recipients_note.strip() else [])])
    signer = document.signer if document.signer_id else None
    # The 签发人 of a 上行文: the lead's signer first, then each co-issuer's head who signed it (联合上行文).
    signer_labels = [getattr(signer, "name", "") or getattr(signer, "username", "")] if signer else []
    if document.direction == Direction.UPWARD:
        signer_labels += [row.countersigned_by.name for row in document.co_issuers() if row.countersigned_by_id]
    date_text = cn_date(document.written_date) if (document.signed_at or document.doc_number) else ""
    return Printed(
        copy_number=copy_number_text(copy, document),
        urgency="" if document.urgency == Urgency.NORMAL else document.get_urgency_display(),
        organ_mark=document.organ_mark.strip(),
        upward=document.direction == Direction.UPWARD,
        doc_number=document.doc_number,
        doc_number_placeholder="" if document.doc_number else UNNUMBERED,
        signer_labels=signer_labels,
        title=document.title.strip(),
        main_to=main_to.rstrip("：:"),
        blocks=parse_body(document.body),
        attachments=[annex.title for annex in annexed],  # the 附件说明 names every 附件, uploaded ones too
        signature_name=document.signature_name.strip(),
        date_text=date_text,
        sealed=bool(document.sealed) and not minutes,
        seal_name=document.issuing_department.name if document.sealed and not minutes else "",
        remark=document.remark.strip().removeprefix("（").removesuffix("）"),
        copy_to="，".join(copy_to),
        printing_org=document.printing_org.strip(),
        printed_date_text=cn_date(document.printed_date),
        joint=joint_print(document, date_text),
        letter=document.doc_type == DocType.LETTER,
        minutes=minutes,
        minutes_lines=[(label, " ".join(getattr(document, name, "").split()))
                       for name, label in MINUTES_LABELS if minutes and getattr(document, name, "").strip()],
        annexes=annexed,
    )
