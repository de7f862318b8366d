"""Demo data for `seed_demo`: the report-then-通报 chain of seed 004 §9 for the last two ended half months.

* The one before last went the whole way, as the walker will see it in its history: the timer's draft,
  the information center's 说明, its leader's 报送市政府, one return by the 督办室 with comments, the
  resubmission, and the 通报 the 督办室 issued in its own number (韶府督通〔年〕N号) — on the portal home.
* The last one waits in 信息中心拟稿 with a 说明 written: log in as xxzx_info to submit it, as xxzx_leader to
  report it to the city government (sfb_head / swb_head then see it on their home page), as dbs_director
  or dbs_leader to return it or issue it. Idempotent."""

from __future__ import annotations

from oa.org.models import Person
from oa.usage.choices import CircularState
from oa.usage.models import UsageCircular
from oa.usage.periods import Period

PEOPLE = ("xxzx_info", "xxzx_leader", "dbs_director", "dbs_leader")
REMARKS = "本期系统运行平稳，未发生停机。\n个别单位收文签收不及时，已电话提醒其收发员。"
RETURNED = "请在说明中补充红牌单位的整改要求。"


def seed_usage_chain() -> int:
    from oa.usage.services import circulars as chain
    from oa.usage.services.reports import close_period

    people = {p.username: p for p in Person.objects.filter(username__in=PEOPLE)}
    if len(people) < len(PEOPLE):
        return 0
    info, leader, director, dbs_leader = (people[name] for name in PEOPLE)
    last = Period.current().previous()
    earlier = last.previous()
    for period in (earlier, last):
        close_period(period=period)  # as the timer does: the figures frozen, the draft opened
    circular = UsageCircular.objects.get(period=str(earlier))
    if circular.state == CircularState.DRAFT and not circular.steps.filter(action="submit").exists():
        chain.circular_edit(actor=info, circular_id=circular.pk, remarks=REMARKS)
        chain.circular_submit(actor=info, circular_id=circular.pk)
        chain.circular_approve(actor=leader, circular_id=circular.pk)
        chain.circular_send_back(actor=director, circular_id=circular.pk, reason=RETURNED)
        chain.circular_submit(actor=info, circular_id=circular.pk,
                              remarks=REMARKS + "\n对出现红牌的单位，请于5个工作日内将整改情况报市政府督办室。")
        chain.circular_approve(actor=leader, circular_id=circular.pk)
        chain.circular_issue(actor=dbs_leader, circular_id=circular.pk, comment="同意通报。")
    waiting = UsageCircular.objects.get(period=str(last))
    if waiting.state == CircularState.DRAFT and not waiting.remarks:
        chain.circular_edit(actor=info, circular_id=waiting.pk, remarks=REMARKS)
    return UsageCircular.objects.count()
