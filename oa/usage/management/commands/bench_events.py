"""Synthetic ledger history for the report benchmarks: `python manage.py bench_events --events N`.

Run it after `bench_data --tier S|L` on the same fresh database. It appends N ledger entries spread
evenly over the last 24 ended half-month periods (about a year), by the synthetic city's people, in
the proportions below, with a valid hash chain (each entry sealed with oa.audit.chain.compute_hash under
the ledger's current key and linked to the one before it, so `audit_verify` still passes). Rows are bulk-inserted — executemany on
SQLite, COPY on PostgreSQL — one transaction per period; no listener runs (this is load, not history).
Then it builds the rollup of every period the way the information center would recover it: the
rebuild from the ledger and the documents tables (`usage_rebuild`), plus the state frozen at close.
Both timings are printed as JSON (`insert_s`, `rebuild_full_s`).
"""

from __future__ import annotations

import bisect
import json
import random
import time
from datetime import UTC, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from documents.ledger_actions import (
    DELIVERY_CIRCULATE,
    DELIVERY_COMPLETE,
    DELIVERY_READ,
    DELIVERY_REGISTER_PAPER,
    DELIVERY_SIGN_FOR,
    DOCUMENT_CREATE,
    DOCUMENT_DISPATCH,
    DOCUMENT_UPDATE,
)
from documents.models import Delivery, Document
from oa.audit.chain import GENESIS_HASH, canonical_json, compute_hash
from oa.audit.keys import current_key
from oa.audit.models import LedgerEntry
from oa.org.ledger_actions import AUTH_LOGIN
from oa.usage.periods import Period

PERIODS = 24
# (action, weight, target kind): what a working day in the system looks like in the ledger.
ACTIONS = [
    (AUTH_LOGIN, 45, None),
    (DOCUMENT_CREATE, 10, "documents.document"),
    (DOCUMENT_UPDATE, 4, "documents.document"),  # moves no figure: the rollup must skip it
    (DOCUMENT_DISPATCH, 8, "documents.document"),
    (DELIVERY_REGISTER_PAPER, 3, "documents.delivery"),
    (DELIVERY_SIGN_FOR, 12, "documents.delivery"),
    (DELIVERY_COMPLETE, 8, "documents.delivery"),
    (DELIVERY_CIRCULATE, 4, "documents.delivery"),
    (DELIVERY_READ, 6, "documents.delivery"),
]
COLUMNS = ["at", "actor_id", "actor_username", "actor_name", "department_id", "ip", "action", "target_type",
           "target_id", "target_repr", "outcome", "data", "key_id", "prev_hash", "entry_hash"]


class _Entry:
    """Just the attributes oa.audit.chain.entry_payload reads."""

    __slots__ = ("at", "actor_id", "actor_username", "actor_name", "department_id", "ip", "action", "target_type",
                 "target_id", "target_repr", "outcome", "data", "key_id", "prev_hash")


def bench_periods(count: int = PERIODS) -> list[Period]:
    """The `count` half months before the running one, oldest first."""
    periods = [Period.current().previous()]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


class Command(BaseCommand):
    help = "为使用情况通报基准测试生成合成审计记录（哈希链有效）并重建各周期统计。"

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="审计记录条数，如 100000 或 10000000")
        parser.add_argument("--periods", type=int, default=PERIODS, help="分布在多少个已结束的半月周期（默认 24）")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-rollup", action="store_true", help="只写审计记录，不重建统计")

    def handle(self, *args, events, periods, seed, no_rollup, **options):
        from oa.org.models import Person

        if events < 1 or periods < 1:
            raise CommandError("--events 与 --periods 至少为 1。")
        people = list(Person.objects.filter(username__startswith="bench_", department__isnull=False)
                      .order_by("id").values_list("id", "username", "name", "department_id"))
        if not people:
            raise CommandError("没有合成数据：请先运行 python manage.py bench_data --tier S")

        documents = list(Document.objects.filter(drafting_department__slug__startswith="bench")
                         .values_list("id", flat=True)[:200_000])
        deliveries = list(Delivery.objects.filter(department__slug__startswith="bench")
                          .values_list("id", flat=True)[:200_000])
        if not documents or not deliveries:
            raise CommandError("合成数据中没有公文或分发记录：请先运行 bench_data。")
        rng = random.Random(seed)
        chosen = bench_periods(periods)
        started = time.perf_counter()
        made = 0
        per_period = [events // periods + (1 if i < events % periods else 0) for i in range(periods)]
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # the indexes of a 10M-row table do not fit the default 2 MB
                cursor.execute("PRAGMA cache_size = -1000000")
        for period, n in zip(chosen, per_period, strict=True):
            with transaction.atomic():
                last = LedgerEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
                rows = self._rows(rng, period, n, last or GENESIS_HASH, people, documents, deliveries)
                self._insert(rows)
            made += n
            self.stdout.write(f"  {made}/{events} events ({period})", ending="\r")
            self.stdout.flush()
        self.stdout.write("")
        insert_s = time.perf_counter() - started
        result = {"events": made, "periods": [str(chosen[0]), str(chosen[-1])], "insert_s": round(insert_s, 1),
                  "events_per_s": round(made / insert_s)}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if not no_rollup:
            result.update(build_rollups(chosen))
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _rows(self, rng, period: Period, n: int, prev: str, people, documents, deliveries):
        start = period.start.astimezone(UTC)
        span = int((period.end - period.start).total_seconds() * 1_000_000)
        offsets = sorted(rng.randrange(span) for _ in range(n))
        cum = []
        total = 0
        for _, weight, _ in ACTIONS:
            total += weight
            cum.append(total)
        entry = _Entry()
        entry.outcome = "success"
        entry.key_id, key = current_key()
        for offset in offsets:
            action, _, kind = ACTIONS[bisect.bisect_right(cum, rng.random() * total)]
            person_id, username, name, department_id = people[rng.randrange(len(people))]
            entry.at = start + timedelta(microseconds=offset)
            entry.actor_id, entry.actor_username, entry.actor_name = person_id, username, name
            entry.department_id = department_id
            entry.ip = f"10.20.{department_id % 250}.{person_id % 250 + 1}"
            entry.action = action
            if kind is None:
                entry.target_type = entry.target_id = entry.target_repr = ""
            else:
                target = documents[rng.randrange(len(documents))] if kind == "documents.document" \
                    else deliveries[rng.randrange(len(deliveries))]
                entry.target_type, entry.target_id, entry.target_repr = kind, str(target), f"#{target}"
            if action == DELIVERY_CIRCULATE:
                entry.data = {"readers": [people[rng.randrange(len(people))][0] for _ in range(rng.randint(1, 4))]}
            elif action == DELIVERY_READ:
                entry.data = {"readings": 1}
            else:
                entry.data = {}
            entry.prev_hash = prev
            prev = compute_hash(entry, key)
            yield (entry.at, entry.actor_id, entry.actor_username, entry.actor_name, entry.department_id, entry.ip,
                   entry.action, entry.target_type, entry.target_id, entry.target_repr, entry.outcome,
                   canonical_json(entry.data), entry.key_id, entry.prev_hash, prev)

    def _insert(self, rows) -> None:
        table = LedgerEntry._meta.db_table
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The deferred foreign-key triggers (2 per row, queued to commit) cost more than the COPY
                # itself; every actor and department id here was read from the database above, so the
                # load skips them for this transaction only (SET LOCAL; needs a superuser, else they run).
                try:
                    with transaction.atomic():
                        cursor.execute("SET LOCAL session_replication_role = replica")
                except Exception:  # noqa: BLE001 — not a superuser: keep the checks
                    pass
                with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
        adapt = connection.ops.adapt_datetimefield_value
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append((adapt(row[0]), *row[1:]))
                if len(batch) >= 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)


def build_rollups(periods: list[Period]) -> dict:
    """Rebuild every period's counters from the ledger and documents tables, then freeze its state
    as usage_close would. Returns the timings."""
    from oa.usage.services.rollup import freeze_state, rebuild

    started = time.perf_counter()
    per_period = []
    for period in periods:
        t = time.perf_counter()
        rebuild(period, write=True, with_state=False)
        per_period.append(time.perf_counter() - t)
    rebuild_s = time.perf_counter() - started
    t = time.perf_counter()
    for period in periods:
        with transaction.atomic():
            freeze_state(period)
    return {"rebuild_full_s": round(rebuild_s, 2), "rebuild_period_max_s": round(max(per_period), 2),
            "freeze_state_s": round(time.perf_counter() - t, 2)}

