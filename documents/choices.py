from django.db import models


class DocType(models.TextChoices):
    """The 15 kinds of official document (《党政机关公文处理工作条例》第八条)."""

    RESOLUTION = "决议", "决议"
    DECISION = "决定", "决定"
    ORDER = "命令", "命令（令）"
    COMMUNIQUE = "公报", "公报"
    ANNOUNCEMENT = "公告", "公告"
    PUBLIC_NOTICE = "通告", "通告"
    OPINION = "意见", "意见"
    NOTICE = "通知", "通知"
    BULLETIN = "通报", "通报"
    REPORT = "报告", "报告"
    REQUEST = "请示", "请示"
    REPLY = "批复", "批复"
    MOTION = "议案", "议案"
    LETTER = "函", "函"
    MINUTES = "纪要", "纪要"


class Direction(models.TextChoices):
    UPWARD = "up", "上行文"
    PARALLEL = "parallel", "平行文"
    DOWNWARD = "down", "下行文"


class Urgency(models.TextChoices):
    NORMAL = "normal", "平件"
    URGENT = "urgent", "加急"
    MOST_URGENT = "most_urgent", "特急"


class JointMark(models.TextChoices):
    """联合行文的发文机关标志 (GB/T 9704-2012 7.2.1): every organ's name, or the lead organ's alone."""

    ALL = "all", "并用联合发文机关名称"
    LEAD = "lead", "单独用主办机关名称"


class Publicity(models.TextChoices):
    ACTIVE = "active", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_PUBLIC = "not_public", "不予公开"


class DocumentState(models.TextChoices):
    DRAFT = "draft", "拟稿"
    REVIEW = "review", "待核稿"
    COUNTERSIGN = "countersign", "会签中"
    SIGNING = "signing", "待签发"
    CHECK = "check", "待复核"
    NUMBERING = "numbering", "待编号"
    SEALING = "sealing", "待用印"
    DISPATCH = "dispatch", "待核发"
    DISPATCHED = "dispatched", "已核发"
    ARCHIVED = "archived", "已归档"
    VOIDED = "voided", "已作废"


class Step(models.TextChoices):
    """What a person did, as shown in the approval trail (审批记录)."""

    SUBMIT = "submit", "提交核稿"
    REVIEW = "review", "核稿"
    COUNTERSIGN = "countersign", "会签"
    SIGN = "sign", "签发"
    CHECK = "check", "复核"
    RESIGN = "resign", "复核退回签发"
    NUMBER = "number", "编号"
    SEAL = "seal", "用印"
    DISPATCH = "dispatch", "核发"
    ARCHIVE = "archive", "归档"
    RETURN = "return", "退回"
    WITHDRAW = "withdraw", "撤回"
    VOID = "void", "作废"


class RecipientKind(models.TextChoices):
    MAIN = "main", "主送"
    COPY = "copy", "抄送"


class NumberStatus(models.TextChoices):
    ISSUED = "issued", "已使用"
    VOIDED = "voided", "已作废"


COMMON_OPINIONS = ["同意", "拟同意", "同意，请按程序办理", "请办公室阅处", "请修改后再报"]
