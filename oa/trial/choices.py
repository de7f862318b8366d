from django.db import models

from oa.org.choices import Pilot

# The systems in a trial are the pilots departments already carry (办公业务系统 / 网上行政审批系统 / 便民服务系统).
TrialSystem = Pilot


class TrialState(models.TextChoices):
    PLANNED = "planned", "筹备"
    RUNNING = "running", "试运行"
    ENDED = "ended", "结束"
    REPORTS_COMPLETE = "reports_complete", "报告收齐"


class PaperRecipients(models.TextChoices):
    """Which online documents also go on paper, to whom (TransmissionRule.paper_to): `all` — every document, whoever
    sends it, to every recipient (seed 004 §2); `participants` — only between two units taking part."""

    ALL = "all", "每个收文单位"
    PARTICIPANTS = "participants", "仅参加办公业务系统试运行的收文单位"


class PaperState(models.TextChoices):
    AWAITING = "awaiting", "待送纸质件"
    SENT = "sent", "纸质件已送出"
    CONFIRMED = "confirmed", "纸质件已确认"
    EXEMPT = "exempt", "急件免同步"


class PaperMethod(models.TextChoices):
    EXCHANGE = "exchange", "交换站"
    COURIER = "courier", "专人"
    CONFIDENTIAL = "confidential", "机要"


class UrgentChannel(models.TextChoices):
    UNRECORDED = "", "未登记"
    ONLINE_ONLY = "online_only", "仅线上"
    PAPER_ONLY = "paper_only", "仅纸质"


class ItemDirection(models.TextChoices):
    SENT = "sent", "发出"
    RECEIVED = "received", "收到"


class ReportState(models.TextChoices):
    DRAFT = "draft", "填写中"
    AWAITING_LEADER = "awaiting_leader", "待领导审核"
    FILED = "filed", "已报送"
    ARCHIVED = "archived", "已归档"


class Discrepancy(models.TextChoices):
    PAPER_MISSING = "paper_missing", "线上已送达、纸质件未到"
    NOT_SIGNED = "not_signed", "纸质已确认、线上未签收"
    COUNT_MISMATCH = "count_mismatch", "份数不符"
    RECONCILED = "reconciled", "已核对一致"
