"""Demo data for `seed_demo`: a trial like seed 004's (韶市办联〔2006〕77号), shifted so that it is
running today, with the seed's department lists; the transmission rule (paper to every recipient); the
统筹协调小组 (李熏杰, 陈其宏 …); working groups with their 专人 for a few departments, the others past the due
date and missing; some approval units' 咨询电话; training sessions. `seed_trial_activity` runs after the demo documents were dispatched (which the
rule already turned into paper requirements) and records some paper on both sides."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from oa.org.models import Department, Person
from oa.trial.choices import ItemDirection, PaperMethod, PaperRecipients, PaperState, TrialState, TrialSystem
from oa.trial.models import (
    CoordinationContact,
    CoordinationGroup,
    Outage,
    PaperOnlyItem,
    PaperRequirement,
    TrainingSession,
    TransmissionRule,
    TrialParticipant,
    TrialProgramme,
    WorkingGroup,
)

NAME = "电子政务应用系统试运行"
RULE_TEXT = ("试运行期间，除急件和“三密”件外，所有的公文上传、下达采取网上传输和纸质同步的方式进行；"
             "“三密”件一律不得上业务系统（韶市办联〔2006〕77号 第二条）。")
SEED_DAYS_BEFORE_TODAY = 12  # the seed's trial ran 2006-11-13 to 12-13; the demo's runs around today
TRIAL_DAYS = 30
# Working groups reported (组长 = the department's leader; 专人 = its clerk or office director, with a phone);
# every other participant has not reported yet — past the due date, so the chasing shows.
GROUPS = {"jmj": ("clerk", "0751-8891001"), "sfb": ("clerk", "0751-8891002"), "mzj": ("director", "0751-8891003")}
GROUPS_DUE_DAYS_BEFORE_START = 5  # the seed: due 11月8日, the trial from 11月13日
# Seed 004 §7: 组长 李熏杰 (市政府办), 副组长 陈其宏 (市信息中心); members and contacts; 报障电话.
COORDINATION = {"leader": "sfb_lxj", "deputy": "xxzx_cqh", "members": ["xxzx_info", "xxzx_info2"],
                "fault_phone": "8891904",
                "contacts": [("谢金保", "13826313052"), ("尹德雄", "13823683770"), ("陈叶飞", "13826379995"),
                             ("何磊", "13500207520")]}
# 网上审批业务咨询电话 already named by some approval units (the others are chased).
CONSULT_PHONES = {"jmj": "0751-8892101", "rsj": "0751-8892102", "jsj": "0751-8892103"}


def seed_trial() -> TrialProgramme:
    today = timezone.localdate()
    programme = TrialProgramme.objects.filter(name=NAME).first()
    if programme is None:
        start = today - timedelta(days=SEED_DAYS_BEFORE_TODAY)
        programme = TrialProgramme.objects.create(
            name=NAME, start_date=start, end_date=start + timedelta(days=TRIAL_DAYS),
            paperless_target=(start + timedelta(days=230)), state=TrialState.RUNNING, started_at=timezone.now())
    flags = {TrialSystem.OFFICE: "pilot_office", TrialSystem.APPROVAL: "pilot_approval",
             TrialSystem.CONVENIENCE: "pilot_convenience"}
    for system, flag in flags.items():
        for department in Department.objects.filter(**{flag: True}):
            TrialParticipant.objects.get_or_create(programme=programme, department=department, system=system,
                                                   defaults={"listed": True})
    # 档案局 is listed; 物价局 joins the office system on its own (未列入名单的部门自行开展试运行)
    joined = Department.objects.filter(slug="wjj").first()
    if joined:
        TrialParticipant.objects.get_or_create(programme=programme, department=joined, system=TrialSystem.OFFICE,
                                               defaults={"listed": False})
    if not TransmissionRule.objects.exists():
        TransmissionRule.objects.create(version=1, effective_from=programme.start_date, text=RULE_TEXT,
                                        paper_chase_working_days=3, urgent_exempt=True, paper_to=PaperRecipients.ALL)
    if programme.groups_due is None:
        programme.groups_due = programme.start_date - timedelta(days=GROUPS_DUE_DAYS_BEFORE_START)
        programme.save(update_fields=["groups_due"])
    roles = ("clerk", "leader", "director", "staff")
    people = {p.username: p for p in Person.objects.filter(username__in=[f"{s}_{r}" for s in GROUPS for r in roles])}
    for slug, (contact_role, phone) in GROUPS.items():
        leader, contact, clerk = (people.get(f"{slug}_{r}") for r in ("leader", contact_role, "clerk"))
        if leader and contact and clerk:
            group, created = WorkingGroup.objects.get_or_create(
                programme=programme, department_id=clerk.department_id,
                defaults={"leader": leader, "contact": contact, "phone": phone, "updated_by": clerk})
            if created:
                group.members.set([p for r in ("director", "staff", "clerk")
                                   if (p := people.get(f"{slug}_{r}")) and p.pk != contact.pk])
            if not TrainingSession.objects.filter(programme=programme, department_id=clerk.department_id).exists():
                TrainingSession.objects.create(programme=programme, department_id=clerk.department_id,
                                               held_on=programme.start_date - timedelta(days=3),
                                               topic="公文网上收发与纸质同步登记", expected=20, attended=18, recorded_by=clerk)
    for slug, phone in CONSULT_PHONES.items():
        TrialParticipant.objects.filter(programme=programme, system=TrialSystem.APPROVAL, department__slug=slug,
                                        consult_phone="").update(consult_phone=phone, consult_phone_at=timezone.now())
    seed_coordination(programme)
    return programme


def seed_coordination(programme) -> CoordinationGroup | None:
    """Seed 004 §7's 统筹协调小组 on the demo programme (the people come from oa.org.demo.COORDINATION_PEOPLE)."""
    if CoordinationGroup.objects.filter(programme=programme).exists():
        return None
    usernames = [COORDINATION["leader"], COORDINATION["deputy"], *COORDINATION["members"]]
    people = {p.username: p for p in Person.objects.filter(username__in=usernames)}
    leader = people.get(COORDINATION["leader"])
    if leader is None:
        return None
    group = CoordinationGroup.objects.create(programme=programme, leader=leader, deputy=people.get(COORDINATION["deputy"]),
                                             fault_phone=COORDINATION["fault_phone"])
    group.members.set([people[u] for u in COORDINATION["members"] if u in people])
    CoordinationContact.objects.bulk_create([CoordinationContact(group=group, name=name, phone=phone, position=i)
                                             for i, (name, phone) in enumerate(COORDINATION["contacts"])])
    return group


def seed_trial_activity() -> int:
    """The 市府办 clerk records the paper for its dispatched demo documents; 经贸局's clerk confirms one of
    them one copy short (a discrepancy to reconcile) and matches another, registered on arrival as a 纸质来文,
    which closes into its online delivery (已并入网上来文); a classified paper-only item is counted."""
    from oa.trial.services.paper import PaperSent, paper_confirm, paper_record

    people = {p.username: p for p in Person.objects.filter(username__in=["sfb_clerk", "jmj_clerk"])}
    sender, receiver = people.get("sfb_clerk"), people.get("jmj_clerk")
    if not sender or not receiver:
        return 0
    done = 0
    today = timezone.localdate()
    for requirement in PaperRequirement.objects.filter(sender_department_id=sender.department_id, state=PaperState.AWAITING):
        paper_record(actor=sender, requirement_id=requirement.pk,
                     sent=PaperSent(count=2, copy_range="", sent_on=today, method=PaperMethod.EXCHANGE))
        done += 1
    first = (PaperRequirement.objects.filter(receiving_department_id=receiver.department_id, state=PaperState.SENT)
             .order_by("id").first())
    if first:
        paper_confirm(actor=receiver, requirement_id=first.pk, count=1, received_on=today)
    second = (PaperRequirement.objects.filter(receiving_department_id=receiver.department_id, state=PaperState.SENT)
              .select_related("delivery", "sender_department").order_by("id").first())
    if second:  # its paper was registered on arrival as a 纸质来文, then matched: it closes into the online delivery
        from documents.incoming.services.paper import delivery_register_paper

        arrival = delivery_register_paper(actor=receiver, title=second.delivery.title,
                                          sender_name=second.sender_department.name,
                                          sender_number=second.delivery.sender_number, copies=2)
        paper_confirm(actor=receiver, requirement_id=second.pk, paper_arrival_id=arrival.pk, received_on=today)
    if not PaperOnlyItem.objects.filter(department_id=receiver.department_id).exists():
        PaperOnlyItem.objects.create(department_id=receiver.department_id, counterpart_id=sender.department_id,
                                     direction=ItemDirection.RECEIVED, count=1, on_date=today, recorded_by=receiver,
                                     programme=TrialProgramme.objects.filter(name=NAME).first())
    seed_trial_outage()
    return done


OUTAGE_REASON = "市电子政务中心机房不间断电源故障，办公业务系统暂停服务（演示数据）"


def seed_trial_outage() -> Outage | None:
    """One ended outage three days ago (9:00–11:00), declared by the information center, and one document
    市府办 sent to 经贸局 on paper only meanwhile, back-registered: the portal banner and the trial figures
    (停机期间纸质（已豁免）) show it. Idempotent."""
    from oa.trial.services.outages import outage_back_register, outage_declare

    if Outage.objects.filter(reason=OUTAGE_REASON).exists():
        return None
    people = {p.username: p for p in Person.objects.filter(username__in=["xxzx_info", "sfb_clerk", "jmj_clerk"])}
    info, sender, receiver = people.get("xxzx_info"), people.get("sfb_clerk"), people.get("jmj_clerk")
    if not info:
        return None
    day = timezone.localtime() - timedelta(days=3)
    starts = day.replace(hour=9, minute=0, second=0, microsecond=0)
    outage = outage_declare(actor=info, starts_at=starts, ends_at=starts + timedelta(hours=2), reason=OUTAGE_REASON)
    if sender and receiver:
        outage_back_register(actor=sender, sent_at=starts + timedelta(minutes=40),
                             counterpart_ids=[receiver.department_id], count=1)
    return outage
