"""Demo documents for `seed_demo`: a few in each interesting state, made through the services, so
that the approval trails, 发文字号, deliveries, 收文编号 and ledger entries are all real.

What a newcomer then sees after `make run`:
- jmj_staff (经贸局): a draft report to 市府办 of their own;
- jmj_director: a notice waiting for 核稿; jmj_leader: one waiting for 签发 on a tablet;
- jmj_clerk: two documents from 市府办 waiting to be signed for (one 特急), one being handled;
- jmj_leader: an incoming document waiting for 批办; xxzx_info: all of it on the 电子监察 page;
- sfb_clerk's 发文字号登记簿: 韶府办〔年〕1–3号, and in the 函 series 韶府办函〔年〕1号 (a 函 to 发改局); the joint
  series 韶市办联 of 市委办 and 市府办 is on the page 发文字号序列 (oa/org/demo.py JOINT_SERIES);
- seed 004 itself, issued as it was: the joint 通知 of 市委办 (the lead) and 市府办, countersigned by
  sfb_head, signed by swb_head, numbered by the 市委办's clerk in that joint series (韶市办联〔年〕1号) and
  sealed by both (its PDF shows both seals).
- jmj_head has authorised jmj_leader to sign 经贸局's 报告 (上行文) for 90 days: signed by him, a 报告 is 代签;
  jmj_section (处室负责人) may review the notice waiting for 核稿 but signs nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from documents.choices import Direction, DocType, Urgency
from documents.demo_texts import SEED_004_BODY, SEED_004_MAIN, SEED_004_TITLE
from documents.incoming.services.actions import DELIVERY_ACTIONS
from documents.models import Delivery, Document
from documents.services.actions import document_transition
from documents.services.drafting import document_create
from documents.services.flow import StepInput
from documents.services.signing import authority_grant
from oa.org.models import Department, Person

TRIAL_BODY = (
    "一、培训对象\n各试点单位分管领导、办公室主任、文书及信息员。\n"
    "二、培训时间\n分两期进行，每期半天，具体时间另行通知。\n"
    "三、培训内容\n公文拟稿、审核、签发、收文签收、登记、传阅和督办的操作。\n"
    "四、有关要求\n各单位要高度重视，按时派员参加，培训期间遇到的问题请及时向市信息中心反映。"
)
SAFETY_BODY = (
    "一、总体要求\n各单位要认真贯彻落实安全生产责任制，做好冬季安全生产检查工作。\n"
    "二、检查重点\n（一）人员密集场所消防安全。\n（二）燃气、电力设施运行安全。\n"
    "三、工作要求\n请各单位于检查结束后五个工作日内将检查情况报市政府办公室。"
)


def _people(*usernames: str) -> dict[str, Person]:
    found = {p.username: p for p in Person.objects.filter(username__in=usernames)}
    missing = sorted(set(usernames) - set(found))
    if missing:
        raise LookupError(f"演示账号缺失：{'、'.join(missing)}（请先创建演示单位和人员）")
    return found


def seed_documents(*, password: str) -> int:
    """Create the demo documents once (nothing happens when any document exists). Returns how many."""
    if Document.objects.exists():
        return 0
    p = _people("jmj_staff", "jmj_director", "jmj_leader", "jmj_clerk", "jmj_head", "sfb_staff", "sfb_director", "sfb_leader",
                "sfb_clerk", "sfb_head", "swb_staff", "swb_director", "swb_head", "swb_clerk")
    departments = {d.slug: d for d in Department.objects.filter(slug__in=["sfb", "jmj", "mzj", "czj", "fgj", "xxzx", "dbs"])}

    def step(person, action, document, **fields):
        if action == "sign":
            fields.setdefault("confirmation", password)
        return document_transition(actor=person, document_id=document.pk, action=action, step=StepInput(**fields))

    def draft(person, title, body, main, urgency=Urgency.NORMAL, direction=Direction.DOWNWARD, doc_type=DocType.NOTICE):
        return document_create(actor=person, fields={"title": title, "body": body, "urgency": urgency,
                                                     "direction": direction, "doc_type": doc_type},
                               main=[departments[s] for s in main])

    def to_dispatched(staff, director, leader, clerk, document):
        document = step(staff, "submit", document)
        document = step(director, "review", document, opinion="拟同意，请领导审签。")
        document = step(leader, "sign", document, opinion="同意")
        document = step(director, "check", document)
        for action in ("number", "seal", "dispatch"):
            document = step(clerk, action, document)
        return document

    # 经贸局's 主要负责人 lets the 分管领导 sign the bureau's 报告 upwards (条例 art. 22; 代签).
    today = timezone.localdate()
    authority_grant(actor=p["jmj_head"], grantee_id=p["jmj_leader"].pk, valid_from=today,
                    valid_until=today + timedelta(days=90), doc_types=[DocType.REPORT])

    # 经贸局's own outgoing work.
    draft(p["jmj_staff"], "关于报送2026年第四季度工业经济运行情况的报告", "一、总体情况\n第四季度全市工业经济总体平稳。",
          ["sfb"], direction=Direction.UPWARD, doc_type=DocType.REPORT)
    review = draft(p["jmj_staff"], "关于做好企业年度统计报表填报工作的通知", "一、填报范围\n规模以上工业企业。",
                   ["fgj", "czj"])
    step(p["jmj_staff"], "submit", review)
    signing = draft(p["jmj_staff"], "关于开展电子政务应用系统试运行培训的通知", TRIAL_BODY, ["mzj", "czj", "fgj"])
    step(p["jmj_staff"], "submit", signing)
    step(p["jmj_director"], "review", signing, opinion="拟同意，请领导签发。")

    # 市府办 sends to 经贸局 and others: two wait to be signed for, one is already with the leader.
    sfb = (p["sfb_staff"], p["sfb_director"], p["sfb_leader"], p["sfb_clerk"])
    to_dispatched(*sfb, draft(p["sfb_staff"], "关于做好冬季安全生产检查工作的通知", SAFETY_BODY, ["jmj", "mzj", "czj"]))
    to_dispatched(*sfb, draft(p["sfb_staff"], "关于报送重点项目建设进展情况的紧急通知",
                              "请于两个工作日内报送重点项目建设进展情况。", ["jmj", "fgj"], urgency=Urgency.MOST_URGENT))
    handled = to_dispatched(*sfb, draft(p["sfb_staff"], "关于进一步规范公文处理工作的通知",
                                        "一、规范公文格式\n严格执行党政机关公文格式国家标准。", ["jmj"]))
    to_dispatched(*sfb, draft(p["sfb_staff"], "关于商请提供重点项目建设用地情况的函",
                              "因编制全市重点项目建设用地计划需要，请贵局于本月底前提供有关项目用地情况。", ["fgj"],
                              direction=Direction.PARALLEL, doc_type=DocType.LETTER))  # 韶府办函〔年〕1号
    delivery = Delivery.objects.get(document=handled, department__slug="jmj")
    # 签收, 登记, 初审 (a 办件), then 拟办: to the 分管副局长 first, then the 局长; the 科员 to handle it.
    for person, action, data in (
        (p["jmj_clerk"], "sign_for", {}), (p["jmj_clerk"], "register", {}),
        (p["jmj_clerk"], "screen", {"handling": "task", "text": "来文齐全、格式规范，作为办件"}),
        (p["jmj_director"], "propose", {"text": "拟请分管领导阅示，办公室牵头落实。", "assignee": p["jmj_staff"],
                                        "leaders": [p["jmj_leader"]], "final_leader": p["jmj_head"]}),
    ):
        DELIVERY_ACTIONS[action](person, delivery.pk, data)
    seed_004(p, departments, step)
    return Document.objects.count()


def seed_004(p, departments, step) -> Document:
    """韶市办联〔2006〕77号 as issued: a joint 通知 of 中共韶关市委办公室 (the lead: it drafts, signs and numbers,
    in the two offices' joint series 韶市办联) and 韶关市人民政府办公室 (its head countersigns), to 市直有关单位,
    through every real step to 核发. The system delivers it to the two units the text gives work to (抄送:
    市信息中心, 市政府督办室)."""
    document = document_create(
        actor=p["swb_staff"], fields={"title": SEED_004_TITLE, "body": SEED_004_BODY, "doc_type": DocType.NOTICE,
                                      "recipients_note": SEED_004_MAIN, "publicity": "active"},
        main=[], copy=[departments["xxzx"], departments["dbs"]], co_issuers=[departments["sfb"]])
    document = step(p["swb_staff"], "submit", document)
    document = step(p["swb_director"], "review", document, opinion="拟同意，请市府办会签后报领导签发。")
    document = step(p["sfb_head"], "countersign", document, opinion="同意联合行文。")
    document = step(p["swb_head"], "sign", document, opinion="同意")
    document = step(p["swb_director"], "check", document)
    for action in ("number", "seal", "dispatch"):
        document = step(p["swb_clerk"], action, document)
    return document
