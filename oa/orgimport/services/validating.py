"""What every row importer shares: the Run that collects row errors (numbered as spreadsheets
count rows) and counts, saves and grants roles; and the cells that are not model fields (角色, 是/否)."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from oa.org.choices import Role
from oa.org.models import Person, RoleGrant
from oa.org.services.roles import role_grant
from oa.orgimport.services.columns import ROLES
from oa.orgimport.services.reading import Table
from oa.orgimport.services.report import InitialPassword

MAX_ERRORS_SHOWN = 200
ROLE_SEPARATORS = re.compile(r"[,，、;；\s]+")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", ""})


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for role in Role:
        lookup[role.value] = role.value
        lookup[role.label] = role.value
        for part in role.label.split("/"):
            lookup[part] = role.value
    return lookup


# The one role that stood for both until issue 17: a file written then must now say which is meant.
SPLIT_ROLE = "处室负责人/分管领导"


def unknown_roles_message(unknown: list[str]) -> str:
    if SPLIT_ROLE in unknown:
        return (f"“{SPLIT_ROLE}”已分为两个角色，请写明“处室负责人”（核稿，不签发）或“分管领导”（签发本单位公文）。"
                + (f"另有无法识别的角色：{'、'.join(u for u in unknown if u != SPLIT_ROLE)}。" if len(unknown) > 1 else ""))
    return f"无法识别的角色：{'、'.join(unknown)}。"


def parse_roles(text: str) -> tuple[list[str], list[str]]:
    """Role values named in a cell, and the names that are not roles."""
    lookup = _role_lookup()
    roles, unknown = [], []
    for token in ROLE_SEPARATORS.split(text):
        if not token:
            continue
        role = lookup.get(token) or lookup.get(token.lower())
        if role is None:
            unknown.append(token)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


def yes_no(text: str, header: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(f"{header}只能填“是”或“否”，不能填“{text}”。")


class Run:
    """Collects row errors and counts for one import."""

    def __init__(self, *, actor, table: Table, dry_run: bool):
        self.actor = actor
        self.table = table
        self.dry_run = dry_run
        self.errors: list[str] = []
        self.error_total = 0
        self.created = 0
        self.updated = 0
        self.unchanged = 0
        self.initial_passwords: list[InitialPassword] = []

    def error(self, number: int, message: str) -> None:
        self.error_total += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(f"第{number}行：{message}")

    def model_errors(self, number: int, exc: ValidationError, obj, headers: dict[str, str]) -> None:
        labels = {field_name: header for header, field_name in headers.items()}
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.error(number, message)
            return
        for field_name, errors in exc.error_dict.items():
            label = labels.get(field_name, "")
            for error in errors:
                if error.code == "unique" and label:
                    value = getattr(obj, field_name, "")
                    message = f"{label}“{value}”已被其他{obj._meta.verbose_name}使用。"
                else:
                    message = " ".join(error.messages)
                self.error(number, message if not label or label in message else f"{label}：{message}")

    def save(self, number: int, obj, **kwargs) -> bool:
        try:
            with transaction.atomic():
                obj.save(**kwargs)
        except IntegrityError:
            self.error(number, "与已有数据冲突（可能刚被他人修改），请刷新后重试。")
            return False
        return True

    def duplicate_check(self, seen: dict[str, int], key: str, number: int, header: str) -> bool:
        if not key:
            self.error(number, f"{header}不能为空。")
            return False
        if key in seen:
            self.error(number, f"{header}“{key}”与第{seen[key]}行重复。")
            return False
        seen[key] = number
        return True

    def grant(self, number: int, person: Person, roles: list[str]) -> None:
        """Grant each role through the role service (which enforces 三员分立 and ledgers each grant).
        In a roles file, new grants count as created and roles already held as unchanged."""
        held = set(RoleGrant.objects.filter(person=person).values_list("role", flat=True))
        for role in roles:
            if role in held:
                self.unchanged += self.table.kind == ROLES
                continue
            try:
                role_grant(actor=self.actor, person=person, role=role, system=self.actor is None)
            except (ValidationError, PermissionDenied) as exc:
                reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                self.error(number, f"不能授予“{Role(role).label}”：{reason}")
                continue
            self.created += self.table.kind == ROLES


def fields_changed(obj, fields: list[str], before: dict) -> bool:
    return any(getattr(obj, name) != before[name] for name in fields)
