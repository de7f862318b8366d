from django.db import models


class CircularState(models.TextChoices):
    """The half-month report-then-通报 chain (seed 004 §9: 市信息中心……向市政府报告……由市政府督办室进行通报)."""

    DRAFT = "draft", "信息中心拟稿"
    AWAITING_LEADER = "awaiting_leader", "待信息中心领导审核"
    REPORTED = "reported", "已报市政府（督办室审核中）"
    ISSUED = "issued", "已通报"


class CircularAction(models.TextChoices):
    """The steps kept in a circular's history (CircularStep), as the ledger names them."""

    PREPARE = "prepare", "生成草稿"
    EDIT = "edit", "修改说明"
    CORRECT = "correct", "更正数据"
    SUBMIT = "submit", "提交领导审核"
    APPROVE = "approve", "审核报送市政府"
    RETURN = "return", "退回信息中心（领导）"
    SEND_BACK = "send_back", "督办室退回"
    ISSUE = "issue", "通报"
