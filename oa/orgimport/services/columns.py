"""What an import file may hold: the three kinds, their columns (the page and the templates show
them), the column → model field maps, and the template CSV of each kind."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from oa.org.choices import DepartmentKind, Pilot

DEPARTMENTS = "departments"
PEOPLE = "people"
ROLES = "roles"
KIND_LABELS = {DEPARTMENTS: "单位", PEOPLE: "人员", ROLES: "角色"}

MAX_ROWS = 20_000
MAX_COLUMNS = 64


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    note: str
    example: str = ""


PILOT_COLUMNS = {
    f"{Pilot.OFFICE.label}试点": "pilot_office",
    f"{Pilot.APPROVAL.label}试点": "pilot_approval",
    f"{Pilot.CONVENIENCE.label}试点": "pilot_convenience",
}

COLUMNS = {
    DEPARTMENTS: (
        Column("单位名称", True, "单位全称，不得与其他单位重复", "韶关市经济贸易局"),
        Column("简称", True, "最多30字", "经贸局"),
        Column("机关代字", True, "发文字号中的机关代字，只能由汉字组成，不得重复", "韶经贸"),
        Column("简拼", True, "2–20位小写字母或数字，以字母开头；按简拼新增或更新单位", "jmj"),
        Column("上级单位", False, "上级单位的单位名称或简拼，可以是本文件中的单位；留空表示没有上级", ""),
        *(Column(header, False, "填“是”或“否”", "是") for header in PILOT_COLUMNS),
        Column("类别", False, "、".join(DepartmentKind.labels) + "之一；留空则不变（新单位为市直部门）", "市直部门"),
    ),
    PEOPLE: (
        Column("账号", True, "登录账号（字母、数字及 @ . + - _），按账号新增或更新人员", "jmj_zhangsan"),
        Column("姓名", True, "最多50字", "张三"),
        Column("单位", True, "所在单位的简拼或单位名称", "jmj"),
        Column("职务", False, "最多50字", "科员"),
        Column("电话", False, "最多30字", "0751-8888888"),
        Column("初始密码", False, "仅对新账号生效；留空则由系统生成。首次登录须修改", ""),
        Column("角色", False, "须留空：角色由安全管理员另行导入（三员分立）", ""),
    ),
    ROLES: (
        Column("账号", True, "已存在的账号", "jmj_zhangsan"),
        Column("姓名", False, "用于核对，须与该账号的姓名一致", "张三"),
        Column("角色", True, "一个或多个角色名称，用顿号或逗号分隔；只增加角色，不撤销已有角色", "科员、收发员"),
    ),
}

# Column header → model field, for turning a model's ValidationError into the column's name.
DEPARTMENT_FIELDS = {
    "单位名称": "name", "简称": "short_name", "机关代字": "organ_code", "简拼": "slug", "上级单位": "parent",
    **PILOT_COLUMNS, "类别": "kind",
}
KINDS_BY_LABEL = {label: value for value, label in DepartmentKind.choices}
PERSON_FIELDS = {"账号": "username", "姓名": "name", "单位": "department", "职务": "position", "电话": "phone"}


def import_template_csv(*, kind: str) -> bytes:
    """A CSV holding just the header row of `kind`, UTF-8 with BOM so that Excel opens it in Chinese."""
    buffer = io.StringIO()
    headers = [c.header for c in COLUMNS[kind] if not (kind == PEOPLE and c.header in ("角色", "初始密码"))]
    csv.writer(buffer, lineterminator="\r\n").writerow(headers)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
