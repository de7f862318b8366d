"""Create the three administrators (三员) of a new installation — no superuser needed, ever.

Each gets a random initial password, printed once, that must be changed at first login.
"""

import secrets
import string

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from oa.audit.services import ledger_record
from oa.org.choices import ADMIN_ROLES, DepartmentKind, Role
from oa.org.ledger_actions import ORG_DEPARTMENT_CREATE
from oa.org.models import Department, Person
from oa.org.passwords import character_classes
from oa.org.services.roles import role_grant

USERNAMES = {Role.SYSTEM_ADMIN: "sysadmin", Role.SECURITY_ADMIN: "secadmin", Role.AUDIT_ADMIN: "auditadmin"}


def initial_password(length: int = 14) -> str:
    alphabet = string.ascii_letters + string.digits + "-_.!@#"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if character_classes(candidate) >= 3:
            return candidate


class Command(BaseCommand):
    help = "创建系统管理员、安全管理员、审计管理员三个账号（三员分立），初始密码仅显示一次。"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="三员所在单位的简拼，如 xxzx")
        parser.add_argument("--create-department", metavar="名称", help="单位不存在时创建它，如 韶关市信息中心")
        parser.add_argument("--organ-code", help="创建单位时的机关代字，如 韶信息")

    def handle(self, *args, department, create_department=None, organ_code=None, **options):
        created = []
        with transaction.atomic():
            home = self._department(department, create_department, organ_code)
            for role in ADMIN_ROLES:
                username = USERNAMES[role]
                if Person.objects.filter(username=username).exists():
                    self.stdout.write(f"{username} 已存在，跳过。")
                    continue
                password = initial_password()
                person = Person(username=username, name=Role(role).label, department=home, position=Role(role).label)
                person.set_password(password)
                person.password_changed_at = None  # must be changed at first login
                person.save()
                role_grant(actor=None, person=person, role=role, system=True)
                created.append((username, Role(role).label, password))
        for username, label, password in created:
            self.stdout.write(f"{label}：账号 {username}  初始密码 {password}")
        if created:
            self.stdout.write(self.style.WARNING("初始密码只显示这一次，请当面交付本人；首次登录须修改密码并绑定双因素认证。"))

    def _department(self, slug: str, name: str | None, organ_code: str | None) -> Department:
        home = Department.objects.filter(slug=slug).first()
        if home is not None:
            return home
        if not (name and organ_code):
            raise CommandError(f"没有简拼为 {slug} 的单位：请先导入组织机构，或用 --create-department 与 --organ-code 创建。")
        home = Department(name=name, short_name=name, organ_code=organ_code, slug=slug, kind=DepartmentKind.INFO_CENTER)
        try:
            home.full_clean()
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        home.save()
        ledger_record(action=ORG_DEPARTMENT_CREATE, target=home, data={"via": "bootstrap_admins"})
        self.stdout.write(f"已创建单位：{name}（{organ_code}）")
        return home
