"""Create the demo city (idempotent): departments, people in every role, then what every app registered
with oa.core.demo (the portal pages, the trial, documents, notices, tickets)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from oa.audit.services import ledger_record
from oa.core.demo import seed_all
from oa.org import demo
from oa.org.choices import SeriesKind
from oa.org.ledger_actions import SYSTEM_SEED_DEMO
from oa.org.models import Department, NumberSeries, Person
from oa.org.passwords import character_classes
from oa.org.services.roles import role_grant


class Command(BaseCommand):
    help = "创建演示数据：种子文件004中的单位、各角色人员、门户页面（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", help="演示密码（默认取环境变量 OA_DEMO_PASSWORD）")

    def handle(self, *args, password=None, **options):
        password = password or os.environ.get("OA_DEMO_PASSWORD", "")
        if len(password) < 8 or character_classes(password) < 3:
            raise CommandError("请通过 OA_DEMO_PASSWORD 提供演示密码：至少 8 位，含大小写字母、数字、符号中的 3 类。")
        with transaction.atomic():
            departments = self._departments()
            self._joint_series(departments)
            people = self._people(departments, password)
            seeded = seed_all(password=password)  # what each app adds (oa.core.demo, registered in ready())
            ledger_record(action=SYSTEM_SEED_DEMO,
                          data={"departments": len(departments), "people": people, **seeded})
        self.stdout.write(self.style.SUCCESS(f"演示数据就绪：{len(departments)} 个单位，{people} 个账号，新建演示公文 {seeded.get('documents', 0)} 件。"))
        self.stdout.write(f"演示密码：{password}")
        self.stdout.write("示例账号：jmj_clerk（经贸局文书）、jmj_leader（经贸局副局长）、xxzx_info（市信息中心）")

    def _departments(self) -> dict[str, Department]:
        result = {}
        for order, (name, short, code, slug, pilots, kind) in enumerate(demo.DEPARTMENTS, start=1):
            department, _ = Department.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name, "short_name": short, "organ_code": code, "kind": kind, "sort_order": order * 10,
                    "pilot_office": pilots[0], "pilot_approval": pilots[1], "pilot_convenience": pilots[2],
                },
            )
            result[slug] = department
        return result

    def _joint_series(self, departments: dict[str, Department]) -> None:
        for code, slugs in demo.JOINT_SERIES:
            series, _ = NumberSeries.objects.get_or_create(code=code, defaults={"kind": SeriesKind.JOINT})
            series.organs.add(*(departments[slug] for slug in slugs))
        for code, slug in demo.CIRCULAR_SERIES:
            series, _ = NumberSeries.objects.get_or_create(code=code, defaults={"kind": SeriesKind.CIRCULAR})
            series.organs.add(departments[slug])

    def _person(self, username, *, name, department, position, phone, role, password) -> Person:
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = Person(username=username, name=name, department=department, position=position, phone=phone)
        person.set_password(password)
        person.save()
        role_grant(actor=None, person=person, role=role, system=True)
        return person

    def _people(self, departments: dict[str, Department], password: str) -> int:
        index = 0
        for slug, department in departments.items():
            for role, suffix, position in demo.DEPARTMENT_ROLES:
                index += 1
                self._person(
                    f"{slug}_{suffix}", name=demo.demo_name(index), department=department, position=position,
                    phone=f"0751-88{index:05d}"[:12], role=role, password=password,
                )
        info_center = departments["xxzx"]
        for username, role, position, name, phone in demo.INFO_CENTER_PEOPLE:
            index += 1
            self._person(
                username, name=name or demo.demo_name(index), department=info_center, position=position,
                phone=phone, role=role, password=password,
            )
        for username, slug, role, position, name in demo.COORDINATION_PEOPLE:
            index += 1
            self._person(username, name=name, department=departments[slug], position=position, phone="", role=role,
                         password=password)
        return index
