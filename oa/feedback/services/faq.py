"""From a resolved ticket to the portal's 常见问题 (FAQ) page: the information center words the
question and the answer, a 问答 block is appended to the FaqPage's StreamField and a new revision
of the page is published (Wagtail keeps the history; the portal shows it at once)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from oa.core.text import text_error
from oa.feedback import portal
from oa.feedback.choices import EntryKind
from oa.feedback.models import Ticket
from oa.feedback.permissions import is_handler, may
from oa.feedback.selectors import ticket_for
from oa.feedback.services.common import notify, record
from oa.feedback.services.errors import Conflict
from oa.uploads.gate import text_check


def answer_html(text: str) -> str:
    """Plain text, one paragraph per line, escaped: nothing typed becomes markup."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def ticket_publish_faq(*, actor, ticket_id: int, question: str, answer: str) -> Ticket:
    question, answer = (question or "").strip(), (answer or "").strip()
    errors = {}
    if problem := text_error(question, 200, missing="请填写问题。", too_long="问题不能超过 200 字。"):
        errors["question"] = problem
    if problem := text_error(answer, 4000, missing="请填写解答。", too_long="解答不能超过 4000 字。"):
        errors["answer"] = problem
    if errors:
        raise ValidationError(errors)
    if not is_handler(actor):
        ticket_for(actor, ticket_id)  # 404 for those who cannot see it
        raise PermissionDenied("只有信息中心可以发布常见问题。")
    text_check(actor=actor, purpose="常见问题", fields={"问题": question, "解答": answer})
    with transaction.atomic():
        ticket = ticket_for(actor, ticket_id, for_update=True)
        if not may(actor, "publish_faq", ticket):
            raise Conflict("只有已解决、尚未发布过的问题反馈可以发布到常见问题。")
        page = portal.faq_page()
        if page is None:
            raise ValidationError("门户尚无“常见问题”栏目，请先在门户内容管理中建立。")
        page, revision = portal.faq_append(page, question=question, answer_html=answer_html(answer), actor=actor)
        ticket.faq_published_at = timezone.now()
        ticket.save(update_fields=["faq_published_at", "updated_at"])
        record(ticket, actor=actor, action="publish_faq", kind=EntryKind.COMMENT, text=f"已发布到常见问题：{question}",
               data={"page": page.pk, "revision": revision.pk, "question": question})
        notify(ticket, todo=False)
        return ticket
