"""The transmission rule (网上传输和纸质同步, seed 004 §2) and the decision taken at 核发."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from documents.choices import Urgency
from documents.incoming.deadlines import exchange_day
from oa.audit.services import ledger_record
from oa.trial.choices import PaperRecipients, PaperState
from oa.trial.ledger_actions import TRIAL_PAPER_REQUIRED, TRIAL_RULE_CREATE
from oa.trial.models import PaperRequirement, TransmissionRule
from oa.trial.selectors import office_participant_ids, rule_in_effect, running_programme
from oa.uploads.gate import text_check

URGENT = (Urgency.URGENT, Urgency.MOST_URGENT)


def rule_create(*, actor, effective_from: date, text: str, paper_chase_working_days: int,
                urgent_exempt: bool = True, paper_to: str = PaperRecipients.ALL) -> TransmissionRule:
    """A new version. Earlier versions stay as they were; decisions already taken keep theirs.
    `paper_to`: every recipient (seed 004 §2, the default) or only the recipients taking part."""
    from oa.trial.services.programme import _require_manager

    _require_manager(actor, "修订传输规则")
    if paper_to not in PaperRecipients.values:
        raise ValidationError("请选择纸质同步范围：每个收文单位，或仅参加试运行的收文单位。")
    text = (text or "").strip()
    if not text:
        raise ValidationError("请填写规则内容。")
    if len(text) > 2000:
        raise ValidationError("规则内容不能超过 2000 字。")
    if not 1 <= paper_chase_working_days <= 30:
        raise ValidationError("纸质件催收期限应在 1 到 30 个工作日之间。")
    text_check(actor=actor, fields={"规则内容": text}, purpose="传输规则")
    with transaction.atomic():
        latest = TransmissionRule.objects.select_for_update().order_by("-version").first()
        if latest and effective_from < latest.effective_from:
            raise ValidationError(f"生效日期不能早于第{latest.version}版的生效日期（{latest.effective_from:%Y年%-m月%-d日}）。")
        if effective_from < timezone.localdate() and latest is not None:
            raise ValidationError("新版本不能追溯生效：已按旧版本作出的判定不会改写。")
        version = (TransmissionRule.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        rule = TransmissionRule.objects.create(version=version, effective_from=effective_from, text=text,
                                               paper_chase_working_days=paper_chase_working_days,
                                               urgent_exempt=urgent_exempt, paper_to=paper_to, created_by=actor)
        ledger_record(actor=actor, action=TRIAL_RULE_CREATE, target=rule,
                      data={"version": version, "effective_from": effective_from, "days": paper_chase_working_days,
                            "paper_to": paper_to})
    return rule


def paper_requirements_for_dispatch(*, document, deliveries) -> list[PaperRequirement]:
    """Called by documents' 核发 inside its transaction. During a running trial, every delivery of every
    document dispatched online also needs paper (seed 004 §2: “在试运行期间，除急件和‘三密’件外，所有的公文
    上传、下达采取网上传输和纸质同步的方式进行” — whoever sends it, to every recipient), or, under a version
    whose `paper_to` says so (those before 0005), only between two departments taking part — unless urgent,
    when the sender only records how it went (仅线上 / 仅纸质) and nothing is chased. (“三密”件 never go
    online, so never reach here.) Each decision keeps the rule version it was taken under."""
    if not deliveries:
        return []
    sent_at = deliveries[0].sent_at
    today = timezone.localdate(sent_at)
    programme = running_programme(today)
    if programme is None:
        return []
    rule = rule_in_effect(today)
    if rule is None:
        return []
    participants = office_participant_ids(programme)
    sender = document.drafting_department_id
    every_recipient = rule.paper_to == PaperRecipients.ALL
    if not every_recipient and sender not in participants:  # a version before 0005: between participants only
        return []
    if any(d.pk is None for d in deliveries):  # a backend that does not return ids from bulk inserts
        deliveries = list(document.deliveries.filter(sent_at=sent_at))
    exempt = rule.urgent_exempt and document.urgency in URGENT
    rows = [
        PaperRequirement(delivery=delivery, programme=programme, rule=rule, sender_department_id=sender,
                         receiving_department_id=delivery.department_id, dispatched_on=exchange_day(sent_at),
                         state=PaperState.EXEMPT if exempt else PaperState.AWAITING)
        for delivery in deliveries
        if delivery.department_id != sender and (every_recipient or delivery.department_id in participants)
    ]
    PaperRequirement.objects.bulk_create(rows)
    if rows:
        ledger_record(action=TRIAL_PAPER_REQUIRED, target=document,
                      data={"rule_version": rule.version, "programme": programme.pk, "deliveries": len(rows),
                            "exempt": exempt, "paper_to": rule.paper_to,
                            "outside_trial": sum(r.receiving_department_id not in participants for r in rows)})
        from oa.trial.services.paper import notify_department_clerks

        notify_department_clerks([sender], event="todo.changed")
    return rows
