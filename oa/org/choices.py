from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "科员/经办人"
    CLERK = "clerk", "收发员/文书"
    OFFICE_DIRECTOR = "office_director", "办公室主任"
    # 处室负责人 reviews (核稿) but never signs for the department; 分管领导 and 主要负责人 sign (条例 art. 22).
    SECTION_HEAD = "section_head", "处室负责人"
    LEADER = "leader", "分管领导"
    PRINCIPAL_HEAD = "principal_head", "主要负责人"
    INFO_CENTER = "info_center", "信息中心"
    SECURITY_OFFICER = "security_officer", "保密员"
    # 档案员: files the department's dispatched 发文 and closed 收文 as 件 (oa.archives, DA/T 22-2015).
    ARCHIVIST = "archivist", "档案员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# 三员分立: no person may hold two of these (enforced by a partial unique index on RoleGrant).
ADMIN_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)

# Who must pass a second factor when OA_REQUIRE_2FA is on.
SECOND_FACTOR_ROLES = (Role.SECTION_HEAD, Role.LEADER, Role.PRINCIPAL_HEAD, *ADMIN_ROLES)


class DepartmentKind(models.TextChoices):
    ORDINARY = "ordinary", "市直部门"
    INFO_CENTER = "info_center", "市信息中心"
    SUPERVISION = "supervision", "市政府督办室"
    GENERAL_OFFICE = "general_office", "市委市政府办公室"  # 市委办、市府办: where the city's leaders sit


class Pilot(models.TextChoices):
    OFFICE = "office", "办公业务系统"
    APPROVAL = "approval", "网上行政审批系统"
    CONVENIENCE = "convenience", "便民服务系统"


class SeriesKind(models.TextChoices):
    """An organ's 发文字号 series (oa.org.models.NumberSeries): which documents take their number from it."""

    FILE = "file", "文件"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"
    JOINT = "joint", "联合"
    # 使用情况通报 the 督办室 issues in its own name and number (seed 004 §9; oa.usage.services.circulars).
    CIRCULAR = "circular", "通报"


# The default series every organ has, and the code each takes from the organ's 机关代字 (a 联合 series has none).
DEFAULT_SERIES_SUFFIX = {SeriesKind.FILE: "", SeriesKind.LETTER: "函", SeriesKind.MINUTES: "纪要"}
