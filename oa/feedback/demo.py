"""Demo tickets for `seed_demo`, made through the services so that the thread, the SLA clocks and
the ledger entries are all real. Idempotent: nothing happens when any ticket exists.

What a newcomer then sees: xxzx_info has an urgent fault waiting in the console (and in 待办);
jmj_clerk has a ticket resolved and waiting for 确认, one in progress, and a suggestion closed.
"""

from __future__ import annotations

from oa.feedback.models import Ticket
from oa.feedback.services.flow import (
    ticket_accept,
    ticket_comment,
    ticket_confirm,
    ticket_resolve,
    ticket_start,
)
from oa.feedback.services.reporting import ticket_report
from oa.org.models import Person


def seed_tickets() -> int:
    if Ticket.objects.exists():
        return 0
    people = {p.username: p for p in Person.objects.filter(username__in=["jmj_clerk", "jmj_staff", "fgj_clerk", "xxzx_info",
                                                                          "xxzx_info2"])}
    clerk, staff, other, info = (people.get(u) for u in ("jmj_clerk", "jmj_staff", "fgj_clerk", "xxzx_info"))
    if not (clerk and staff and info):
        return 0
    info2 = people.get("xxzx_info2", info)

    def report(actor, category, severity, description, *, reporter=None, page=""):
        return ticket_report(actor=actor, reporter=reporter, page_url=page, user_agent="演示数据",
                             fields={"category": category, "severity": severity, "description": description})

    urgent = report(other or clerk, "network", "urgent", "单位内网无法打开办公平台，整个办公室都无法登录，提示“连接超时”。")
    waiting = report(clerk, "software", "normal", "打印发文稿纸时，附件说明一行的字号与正文不一致。", page="/documents/")
    ticket_accept(actor=info, ticket_id=waiting.pk, assignee_id=info2.pk)
    ticket_start(actor=info2, ticket_id=waiting.pk)
    ticket_resolve(actor=info2, ticket_id=waiting.pk, text="已修正稿纸模板中附件说明的字号（仿宋 3 号），请重新打印核对。")
    progress = report(clerk, "account", "minor", "科员王建华调岗到本局，需要开通账号并授予经办人角色。", reporter=staff)
    ticket_accept(actor=info, ticket_id=progress.pk, to_vendor=False)
    ticket_start(actor=info, ticket_id=progress.pk)
    ticket_comment(actor=info, ticket_id=progress.pk, text="已转本单位系统管理员办理账号，角色授权由安全管理员审批。")
    idea = report(clerk, "suggestion", "minor", "建议在收文登记页面增加按来文单位筛选。")
    ticket_accept(actor=info, ticket_id=idea.pk, to_vendor=True)
    ticket_resolve(actor=info, ticket_id=idea.pk, text="厂商已在 1.2 版本加入“来文单位”筛选。")
    ticket_confirm(actor=clerk, ticket_id=idea.pk, text="好用，谢谢。")
    return Ticket.objects.filter(pk__in=[urgent.pk, waiting.pk, progress.pk, idea.pk]).count()
