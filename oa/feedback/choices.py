from django.db import models


class TicketState(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ACCEPTED = "accepted", "已受理"
    IN_PROGRESS = "in_progress", "处理中"
    RESOLVED = "resolved", "已解决"
    CONFIRMED = "confirmed", "已确认"
    MERGED = "merged", "已合并"


class Category(models.TextChoices):
    NETWORK = "network", "故障：网络"
    SOFTWARE = "software", "故障：软件"
    DATA = "data", "故障：数据"
    ACCOUNT = "account", "故障：账号"
    SUGGESTION = "suggestion", "建议"
    QUESTION = "question", "咨询"


FAULTS = (Category.NETWORK, Category.SOFTWARE, Category.DATA, Category.ACCOUNT)


class Severity(models.TextChoices):
    URGENT = "urgent", "紧急（无法工作）"
    NORMAL = "normal", "一般"
    MINOR = "minor", "轻微"


SEVERITY_RANK = {Severity.URGENT: 0, Severity.NORMAL: 1, Severity.MINOR: 2}


class SlaBadge(models.TextChoices):
    NONE = "", "正常"
    WARNING = "warning", "预警"
    OVERDUE = "overdue", "超时"


class EntryKind(models.TextChoices):
    STEP = "step", "办理"
    COMMENT = "comment", "留言"
