"""Demo notices for `seed_demo`, made through the services so that the approval, the receipt rows
and the ledger entries are all real. Idempotent: nothing happens when any notice exists.

What a newcomer then sees: everyone has the pinned 试运行 notice (with 回执) on the portal home
page; the pilot departments have the training notice; jmj_leader has a notice waiting for approval.
"""

from __future__ import annotations

from notices.choices import Audience, Category
from notices.models import Notice
from notices.services.editing import notice_create
from notices.services.flow import notice_approve, notice_submit
from oa.org.models import Department, Person

TRIAL_TITLE = "关于做好我市电子政务应用系统试运行有关工作的通知"
TRIAL_BODY = (
    "市直有关单位：\n"
    "经市政府同意，我市电子政务应用系统试运行期为2006年11月13日至12月13日。试运行期后，将全面铺开应用系统的使用，"
    "力争到2007年6月基本达到无纸化办公。现就有关问题通知如下：\n"
    "一、切实加强对应用系统试运行工作的领导和协调。\n"
    "各部门要成立以分管信息化或业务工作的领导为组长的应用系统试运行工作组，并将名单及联系电话于11月8日前报市电子政务系统建设工作领导小组办公室"
    "（地址：市政府大楼13楼市信息中心，联系人：谢金保，联系电话：8891904）。\n"
    "二、认真做好上网业务安全保密工作。\n"
    "“三密”件一律不得上业务系统，实行“谁上网，谁负责”制。试运行期间，除急件和“三密”件外，所有公文上传、下达采取网上传输和纸质同步的方式进行。\n"
    "三、做好应用系统使用人员的培训工作。\n"
    "各部门要分期分批对使用该系统的工作人员进行专项业务培训，培训安排由各单位与市信息中心具体衔接和落实。\n"
    "四、建立试运行问题的反馈机制。\n"
    "各部门要指定专人与市信息中心联系，试运行期间出现的问题请尽快反馈。报障电话：8891904。\n"
    "五、建立业务系统使用监督检查制度。\n"
    "市信息中心每半个月向市政府报告一次各部门应用系统的使用情况，由市政府督办室进行通报。"
)
TRAINING_TITLE = "关于举办办公业务系统操作培训的通知"
TRAINING_BODY = (
    "各试点单位：\n"
    "为做好办公业务系统试运行工作，市信息中心定于试运行前分两期举办操作培训。\n"
    "一、培训对象\n各试点单位分管领导、办公室主任、文书及信息员。\n"
    "二、培训安排\n"
    "|期次|时间|地点|\n|第一期|11月9日上午|市政府大楼13楼培训室|\n|第二期|11月10日上午|市政府大楼13楼培训室|\n"
    "三、培训内容\n公文拟稿、审核、签发，收文签收、登记、传阅和督办，通知公告的发布与回执。\n"
    "四、有关要求\n请各单位确认回执并注明参加期次和人数。"
)


def seed_notices() -> int:
    if Notice.objects.exists():
        return 0
    people = {p.username: p for p in Person.objects.filter(username__in=["xxzx_info", "xxzx_leader", "jmj_clerk"])}
    if len(people) < 3:
        return 0
    info, leader = people["xxzx_info"], people["xxzx_leader"]

    trial = notice_create(actor=info, fields={
        "title": TRIAL_TITLE, "body": TRIAL_BODY, "category": Category.NOTICE, "pinned": True, "requires_receipt": True,
        "audience": Audience.EVERYONE,
    })
    notice_submit(actor=info, notice_id=trial.pk)
    notice_approve(actor=leader, notice_id=trial.pk)

    pilots = list(Department.objects.filter(pilot_office=True, is_active=True))
    training = notice_create(actor=info, fields={
        "title": TRAINING_TITLE, "body": TRAINING_BODY, "category": Category.TRAINING, "requires_receipt": True,
        "audience": Audience.DEPARTMENTS,
    }, departments=pilots)
    notice_submit(actor=info, notice_id=training.pk)
    notice_approve(actor=leader, notice_id=training.pk)

    clerk = people["jmj_clerk"]
    local = notice_create(actor=clerk, fields={
        "title": "关于调整经贸局内部办公电话的公告", "body": "因办公室搬迁，本局内部办公电话自下周一起调整，新号码表见附件或咨询办公室。",
        "category": Category.ANNOUNCEMENT, "audience": Audience.DEPARTMENTS,
    }, departments=[clerk.department])
    notice_submit(actor=clerk, notice_id=local.pk)
    return Notice.objects.count()
