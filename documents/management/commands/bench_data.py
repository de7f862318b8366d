"""Build a synthetic city for benchmarks: `python manage.py bench_data --tier S|M|L`.

S: 20 departments / 500 people / 10k documents; M: 200 / 5,000 / 100k; L: 200 / 5,000 / 1M.
Every document is dispatched to one or two departments, so deliveries ≈ 1.5 × documents, spread
over every receiving state; a fifth go to the first department, whose register becomes deep. Rows are bulk-inserted (no ledger entries: this is load, not history);
Build each tier into a fresh database (OA_VAR_DIR=… for SQLite, or a new DATABASE_URL): the
benchmark's own logins are ledgered, and the ledger keeps its people forever.
"""

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from documents.choices import DocumentState, RecipientKind, Urgency
from documents.incoming.models import DeliveryState
from documents.models import Delivery, Document
from oa.org.choices import Role
from oa.org.models import Department, Person, RoleGrant

TIERS = {"S": (20, 500, 10_000), "M": (200, 5_000, 100_000), "L": (200, 5_000, 1_000_000)}
ROLES = [Role.CLERK, Role.OFFICE_DIRECTOR, Role.LEADER, Role.PRINCIPAL_HEAD] + [Role.STAFF] * 21
BATCH = 5_000
WORDS = "关于 做好 进一步 加强 电子政务 试运行 培训 安全 保密 工作 通知 意见 报告 方案 实施 推进 规范 管理 统计".split()


class Command(BaseCommand):
    help = "生成基准测试用的合成数据（S/M/L 三档）。"

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), required=True)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, tier, seed, **options):
        if Department.objects.filter(slug__startswith="bench").exists():
            raise CommandError("数据库中已有合成数据：请为每一档使用新的数据库。")
        random.seed(seed)
        started = time.perf_counter()
        departments, people = self._organisation(*TIERS[tier][:2])
        documents, deliveries = self._documents(TIERS[tier][2], departments, people)
        if connection.vendor == "postgresql":  # fresh statistics, or the planner guesses from empty tables
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"tier {tier}: {len(departments)} departments, {len(people)} people, {documents} documents, "
            f"{deliveries} deliveries in {time.perf_counter() - started:.1f} s"
        ))

    @transaction.atomic
    def _organisation(self, n_departments: int, n_people: int):
        digits = "〇一二三四五六七八九"
        departments = Department.objects.bulk_create([
            Department(name=f"基准测试第{i}局", short_name=f"基准{i}局",
                       organ_code="韶基" + "".join(digits[int(c)] for c in str(i)), slug=f"bench{i}", sort_order=10_000 + i)
            for i in range(n_departments)
        ])
        departments = list(Department.objects.filter(slug__startswith="bench").order_by("id"))
        people = [
            Person(username=f"bench_{i}", name=f"基准人员{i}", department=departments[i % n_departments],
                   position="科员", password="!")
            for i in range(n_people)
        ]
        Person.objects.bulk_create(people, batch_size=BATCH)
        people = list(Person.objects.filter(username__startswith="bench_").order_by("id"))
        grants = [RoleGrant(person=p, role=ROLES[(i // n_departments) % len(ROLES)]) for i, p in enumerate(people)]
        RoleGrant.objects.bulk_create(grants, batch_size=BATCH, ignore_conflicts=True)
        return departments, people

    def _documents(self, n_documents: int, departments, people):
        by_department = {}
        for person in people:
            by_department.setdefault(person.department_id, []).append(person)
        now = timezone.now()
        states = [s for s in DeliveryState.values if s != DeliveryState.RETURNED]
        made_documents = made_deliveries = 0
        seq = {}
        for start in range(0, n_documents, BATCH):
            with transaction.atomic():
                batch = []
                for i in range(start, min(start + BATCH, n_documents)):
                    sender = departments[i % len(departments)]
                    drafter = by_department[sender.pk][0]
                    seq[sender.pk] = seq.get(sender.pk, 0) + 1
                    batch.append(Document(
                        doc_type="通知", title="".join(random.sample(WORDS, 6)) + f"（{i}）", body="一、总体要求\n" + "各单位要高度重视。" * 20,
                        issuing_department=sender, organ_mark=f"{sender.name}文件", number_code=sender.organ_code,
                        number_year=2026, number_seq=seq[sender.pk], signature_name=sender.name, printing_org=sender.name,
                        drafter=drafter, drafting_department=sender, urgency=random.choice(Urgency.values),
                        state=DocumentState.ARCHIVED if i % 3 else DocumentState.DISPATCHED, sealed=True,
                    ))
                Document.objects.bulk_create(batch, batch_size=BATCH)
                deliveries = []
                for document in batch:
                    sent = now - timedelta(minutes=random.randint(0, 60 * 24 * 120))
                    # A fifth of everything goes to the first department (the city government office is
                    # the hub every bureau reports to), so one register is deep enough for page 500.
                    targets = random.sample(departments, 2 if random.random() < 0.5 else 1)
                    if random.random() < 0.2 and departments[0] not in targets:
                        targets[0] = departments[0]
                    for n, target in enumerate(targets):
                        if target.pk == document.drafting_department_id:
                            continue
                        deliveries.append(Delivery(
                            document=document, department=target, kind=RecipientKind.MAIN if n == 0 else RecipientKind.COPY,
                            sent_at=sent, title=document.title, sender_name=document.drafting_department.name,
                            sender_number=f"{document.number_code}〔2026〕{document.number_seq}号", urgency=document.urgency,
                            state=random.choice(states), due_date=(sent + timedelta(days=random.randint(1, 14))).date(),
                        ))
                Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
                made_documents += len(batch)
                made_deliveries += len(deliveries)
            self.stdout.write(f"  {made_documents}/{n_documents} documents", ending="\r")
        self.stdout.write("")
        return made_documents, made_deliveries
