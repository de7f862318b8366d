"""Build a synthetic city for benchmarks: `python manage.py bench_data --tier S|M|L`.

S: 20 departments / 500 people / 10k documents; M: 200 / 5,000 / 100k; L: 200 / 5,000 / 1M.
Every document is dispatched to one or two departments, so deliveries ≈ 1.5 × documents, spread
over every receiving state (with what each state has: a 拟办's leader turn waiting, a 阅件's readers,
the 主办, the written 批示 and a 协办 of one in three in 承办中); a fifth go to the first department,
whose register becomes deep. Rows are bulk-inserted (no ledger entries: this is load, not history);
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
from documents.incoming.models import DeliveryState, Handling, TurnKind
from documents.models import Assist, Circulation, Delivery, Document, LeaderTurn, Reading
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
        # 已退回 and 已转办 need their other half (the sender's resend, the other department's copy): none here.
        states = [s for s in DeliveryState.values if s not in (DeliveryState.RETURNED, DeliveryState.TRANSFERRED)]
        staff = self._people_by_role(people)
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
                        deliveries.append(self._delivery(
                            staff, document=document, department=target, sent=sent, state=random.choice(states),
                            kind=RecipientKind.MAIN if n == 0 else RecipientKind.COPY))
                Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
                self._what_each_state_has(deliveries, staff, now)
                made_documents += len(batch)
                made_deliveries += len(deliveries)
            self.stdout.write(f"  {made_documents}/{n_documents} documents", ending="\r")
        self.stdout.write("")
        return made_documents, made_deliveries

    @staticmethod
    def _people_by_role(people) -> dict[tuple[int, str], list]:
        """(department id, role) → its people: the clerk, the office director and the leaders of each
        department, and its staff (ROLES deals one of each to every department first)."""
        by_id = {p.pk: p for p in people}
        found: dict[tuple[int, str], list] = {}
        for person_id, role in RoleGrant.objects.filter(person__in=people).values_list("person_id", "role"):
            person = by_id[person_id]
            found.setdefault((person.department_id, role), []).append(person)
        return found

    @staticmethod
    def _pick(staff, department, *roles):
        for role in roles:
            if staff.get((department.pk, role)):
                return random.choice(staff[department.pk, role])
        return None

    def _delivery(self, staff, *, document, department, sent, state, kind) -> Delivery:
        d = DeliveryState
        sorted_as = {d.READING: Handling.READING, d.PROPOSING: Handling.TASK, d.PROPOSED: Handling.TASK,
                     d.HANDLING: Handling.TASK, d.DONE: Handling.TASK, d.ARCHIVED: Handling.TASK}.get(state, "")
        proposed = state in (d.PROPOSED, d.HANDLING, d.DONE, d.ARCHIVED)
        assignee = self._pick(staff, department, Role.STAFF, Role.OFFICE_DIRECTOR) if proposed else None
        return Delivery(
            document=document, department=department, kind=kind, sent_at=sent, title=document.title,
            sender_name=document.drafting_department.name, urgency=document.urgency, state=state,
            sender_number=f"{document.number_code}〔2026〕{document.number_seq}号", handling=sorted_as,
            due_date=(sent + timedelta(days=random.randint(1, 14))).date(),
            proposal="拟请分管领导阅示，由综合科承办。" if proposed else "", proposed_assignee=assignee,
            assignee=assignee if state in (d.HANDLING, d.DONE, d.ARCHIVED) else None,
            instruction="请综合科抓紧落实。" if state in (d.HANDLING, d.DONE, d.ARCHIVED) else "",
            done_at=sent + timedelta(days=3) if state in (d.DONE, d.ARCHIVED) else None,
        )

    def _what_each_state_has(self, deliveries, staff, now) -> None:
        """A 领导批示中 delivery waits for its leader's turn; one in 承办中 or closed has its written 批示, and
        one in three in 承办中 a 协办 yet to answer; a 阅件 its readings (the first reader has read)."""
        d = DeliveryState
        turns, assists, circulations, readers = [], [], [], []
        for delivery in deliveries:
            department = delivery.department
            leader = self._pick(staff, department, Role.LEADER, Role.PRINCIPAL_HEAD)
            if delivery.state == d.PROPOSED and leader:
                turns.append(LeaderTurn(delivery=delivery, person=leader, round=1, current=True))
            elif delivery.state in (d.HANDLING, d.DONE, d.ARCHIVED) and leader:
                turns.append(LeaderTurn(delivery=delivery, person=leader, round=1, kind=TurnKind.INSTRUCT,
                                        text=delivery.instruction, done_at=delivery.sent_at + timedelta(days=1)))
                helper = self._pick(staff, department, Role.STAFF)
                if delivery.state == d.HANDLING and delivery.pk % 3 == 0 and helper and helper != delivery.assignee:
                    assists.append(Assist(delivery=delivery, person=helper))
            elif delivery.state == d.READING:
                sender = self._pick(staff, department, Role.CLERK, Role.OFFICE_DIRECTOR)
                chosen = [p for p in (leader, self._pick(staff, department, Role.STAFF)) if p]
                if sender and chosen:
                    circulations.append(Circulation(delivery=delivery, sender=sender, as_reading=True))
                    readers.append(chosen)
        LeaderTurn.objects.bulk_create(turns, batch_size=BATCH)
        Assist.objects.bulk_create(assists, batch_size=BATCH)
        Circulation.objects.bulk_create(circulations, batch_size=BATCH)
        Reading.objects.bulk_create([
            Reading(circulation=circulation, reader=reader, read_at=now if n == 0 and len(chosen) > 1 else None)
            for circulation, chosen in zip(circulations, readers, strict=True) for n, reader in enumerate(chosen)
        ], batch_size=BATCH)
