"""States, categories and audiences of a notice (通知公告) — no magic strings."""

from django.db import models


class NoticeState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "已过期"


class Category(models.TextChoices):
    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    TRAINING = "training", "培训"
    SYSTEM = "system", "系统公告"


class Audience(models.TextChoices):
    EVERYONE = "everyone", "全体人员"
    DEPARTMENTS = "departments", "指定单位"
    PEOPLE = "people", "指定人员"
