"""The 收文登记簿's columns (DOMAIN.md, Registers), one place for the page's table and the XLSX: 收文号,
收文日期 (the day it reached the department: signed for, or a paper arrival's day of arrival), 来文机关,
来文字号, 标题, 附件 (how many), 份数, 纸质件 (the paper copy of an online delivery: its 份数 and the day it
came; a paper arrival closed into an online one says so in 办理情况), 密级, 承办单位/主办, 签收人, 办理情况 (state and result), 复文号/答复,
归卷日期. Rows come from documents.incoming.selectors (register_page, register_rows), which annotate
`attachment_count` and `archived_at` in the list's own query."""

from __future__ import annotations

from dataclasses import dataclass

from documents.incoming.models import Delivery, DeliveryState
from documents.rendering.form import NOT_CLASSIFIED, day

HEADER = ["收文号", "收文日期", "来文机关", "来文字号", "标题", "附件", "份数", "纸质件份数", "纸质件收到日期", "密级", "承办单位/主办", "签收人",
          "办理情况", "复文号/答复", "归卷日期"]
SUMMARY_CHARS = 40  # the page shows the start of a long result or answer; the XLSX all of it


def _cut(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class RegisterLine:
    delivery: Delivery
    received_on: str
    attachments: int | str
    handler: str
    situation: str
    reply: str
    archived_on: str
    classification: str = NOT_CLASSIFIED

    def cells(self) -> list:
        d = self.delivery
        return [d.register_number, self.received_on, d.sender_name, d.sender_number, d.title, self.attachments, d.copies,
                d.paper_copies or "", day(d.paper_received_on), self.classification, self.handler, d.signed_by.name if d.signed_by_id else "", self.situation, self.reply,
                self.archived_on]


def register_line(d: Delivery, *, limit: int | None = SUMMARY_CHARS) -> RegisterLine:
    handler = d.assignee.name if d.assignee_id else ""
    if d.state == DeliveryState.TRANSFERRED and d.transferred_to_id:
        handler = f"转办{d.transferred_to.name}"
    situation = d.get_state_display()
    if d.result.strip():
        situation += "：" + _cut(d.result, limit)
    elif d.state == DeliveryState.RETURNED and d.return_reason:
        situation += "：" + _cut(d.return_reason, limit)
    count = getattr(d, "attachment_count", None)
    return RegisterLine(
        delivery=d,
        received_on=day(d.signed_at),
        attachments=count or 0 if d.document_id else "",
        handler=handler,
        situation=situation,
        reply=_cut(d.reply, limit),
        archived_on=day(getattr(d, "archived_at", None)),
    )
