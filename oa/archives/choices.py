"""The archives' vocabularies (DA/T 22-2015): 保管期限 and 门类, with the codes the 档号 carries."""

from django.db import models


class Retention(models.TextChoices):
    """保管期限 (DA/T 22-2015 §5.2; 国家档案局令第8号): the value is the code printed in the 档号."""

    PERMANENT = "Y", "永久"
    LONG = "D30", "定期30年"
    SHORT = "D10", "定期10年"


class Category(models.TextChoices):
    """门类: every 件 here is a 文书 record (WS); other 门类 (会计、科技、照片 …) are not filed by this system."""

    DOCUMENTS = "WS", "文书"


class Component(models.TextChoices):
    """What a 件 is made of (its parts, each kept with a checksum)."""

    BODY = "body", "正文（归档章）"
    SHEET = "sheet", "处理笺/稿纸"
    ATTACHMENT = "attachment", "附件"
    SCAN = "scan", "扫描件"
