"""Departments, people, role grants and personal API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from oa.org.choices import ADMIN_ROLES, DepartmentKind, Pilot, Role, SeriesKind

organ_code_validator = RegexValidator(
    r"^[\u4e00-\u9fa5]+$", "机关代字只能由汉字组成（例如“韶府办”），用于发文字号“机关代字〔年〕序号号”。"
)
slug_validator = RegexValidator(r"^[a-z][a-z0-9]{1,19}$", "简拼须为2–20位小写字母或数字，以字母开头。")


class Department(models.Model):
    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30)
    organ_code = models.CharField(
        "机关代字", max_length=20, unique=True, validators=[organ_code_validator], help_text="发文字号中的机关代字，如“韶府办”"
    )
    slug = models.CharField("简拼", max_length=20, unique=True, validators=[slug_validator], help_text="用于账号前缀，如 jmj")
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField("类别", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.ORDINARY)
    pilot_office = models.BooleanField(Pilot.OFFICE.label + "试点", default=False)
    pilot_approval = models.BooleanField(Pilot.APPROVAL.label + "试点", default=False)
    pilot_convenience = models.BooleanField(Pilot.CONVENIENCE.label + "试点", default=False)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def pilots(self) -> list[str]:
        return [
            pilot.label
            for pilot, flag in (
                (Pilot.OFFICE, self.pilot_office),
                (Pilot.APPROVAL, self.pilot_approval),
                (Pilot.CONVENIENCE, self.pilot_convenience),
            )
            if flag
        ]


class NumberSeries(models.Model):
    """One of an organ's 发文字号 series: its own full 机关代字 and its own count per year (the count is
    documents.NumberSequence, keyed by this code). 文件, 函 and 纪要 belong to one organ; a 联合 series to the
    two or more organs that issue jointly (韶市办联: 市委办 and 市府办). The code never changes once made —
    numbers were issued under it; a new code is a new series, and the old one is stopped (is_active)."""

    kind = models.CharField("类别", max_length=10, choices=SeriesKind.choices)
    code = models.CharField("机关代字", max_length=20, unique=True, validators=[organ_code_validator],
                            help_text="该序列发文字号中的机关代字全称，如“韶府办函”")
    organs = models.ManyToManyField(Department, verbose_name="所属机关", related_name="number_series")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "发文字号序列"
        verbose_name_plural = "发文字号序列"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}（{self.get_kind_display()}）"


class PersonManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("department")


class Person(AbstractUser):
    """A person who uses the system. Login name is `username`; `name` is the full Chinese name."""

    name = models.CharField("姓名", max_length=50)
    department = models.ForeignKey(
        Department, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField("职务", max_length=50, blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Wrong TOTP codes in a row, counted like django-axes counts wrong passwords (oa/org/services/second_factor.py).
    otp_failures = models.PositiveSmallIntegerField("动态验证码连续错误次数", default=0)
    otp_failed_at = models.DateTimeField("动态验证码最近错误", null=True, blank=True)
    # 签发密码: six digits that confirm 签发, hashed with the password hashers (oa/org/services/sign_pin.py).
    sign_pin = models.CharField("签发密码", max_length=128, blank=True, default="")
    sign_pin_set_at = models.DateTimeField("签发密码设置时间", null=True, blank=True)

    objects = PersonManager()

    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["department__sort_order", "id"]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def role_set(self) -> frozenset[str]:
        """The person's roles, read once per instance (a request sees a consistent set)."""
        cached = getattr(self, "_role_set", None)
        if cached is None:
            cached = frozenset(self.role_grants.values_list("role", flat=True)) if self.pk else frozenset()
            self._role_set = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in Role.values if role in self.role_set]


class RoleGrant(models.Model):
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        Person, verbose_name="授予人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("授予时间", default=timezone.now)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="org_rolegrant_person_role_unique"),
            # 三员分立: at most one of the three admin roles per person, enforced by the database.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(role__in=[role.value for role in ADMIN_ROLES]),
                name="org_rolegrant_one_admin_role_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once at creation."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="personal_tokens")
    name = models.CharField("用途", max_length=60, blank=True)
    prefix = models.CharField("前缀", max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    # The day (Asia/Shanghai) of the token's first use that counted as a login (auth.login, via a token):
    # moved once a day, by the request that first uses it that day — no query on the other requests.
    login_day = models.DateField("最近计入登录的日期", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    renewed_at = models.DateTimeField("续期时间", null=True, blank=True)
    # The TOTP device whose code was presented at issue or renewal. A token without one does not
    # authenticate a person who must use the second factor; resetting the device unbinds it.
    otp_device = models.ForeignKey(
        "otp_totp.TOTPDevice", verbose_name="动态验证码设备", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "个人令牌"
        verbose_name_plural = "个人令牌"

    def __str__(self) -> str:
        return f"{self.person} · {self.prefix}…"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def has_second_factor(self) -> bool:
        return self.otp_device_id is not None


class Phrase(models.Model):
    """One of a person's own 常用意见, offered beside the system's wherever they write an opinion.
    Positions run 1…n without gaps (oa/org/services/phrases.py keeps them so, under the person's lock)."""

    MAX_LENGTH = 100
    MAX_PER_PERSON = 30

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="phrases")
    text = models.CharField("常用意见", max_length=MAX_LENGTH)
    position = models.PositiveSmallIntegerField("顺序")
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "个人常用意见"
        verbose_name_plural = "个人常用意见"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "text"], name="org_phrase_text_once_per_person"),
        ]
        indexes = [models.Index(fields=["person", "position"], name="org_phrase_person_position")]

    def __str__(self) -> str:
        return f"{self.person} · {self.text}"
