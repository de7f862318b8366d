"""Benchmark of the 发文 flow: queries and time per transition, rendering times.

Everything is created inside a transaction that is rolled back, so the database is left as found.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from documents.rendering.bench import bench_rendering
from documents.services.actions import document_transition
from documents.services.drafting import document_create
from documents.services.flow import StepInput
from oa.org.choices import Role
from oa.org.models import Department, Person
from oa.org.services.roles import role_grant

PASSWORD = "Bench-pass-2026"
STEPS = [
    ("submit", "staff", {}), ("review", "director", {"opinion": "拟同意"}), ("sign", "leader", {"opinion": "同意"}),
    ("check", "director", {}), ("number", "clerk", {}), ("seal", "clerk", {}), ("dispatch", "clerk", {}),
]  # 归档 files a 件 in oa.archives (a 全宗, the 档案员), above this app: not part of this bench
BODY_PARAGRAPH = "各单位要切实加强对应用系统试运行工作的领导和协调，整合本单位的人力和物力等资源，全力以赴配合应用系统推广应用工作，确保试运行取得实效。"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _ms(values) -> dict:
    return {"p50_ms": round(statistics.median(values) * 1000, 2), "p95_ms": round(_percentile(values, 0.95) * 1000, 2)}


def _cast():
    sender = Department.objects.create(name="基准测试局", short_name="基准局", organ_code="韶基准", slug="benchsend")
    receiver = Department.objects.create(name="基准收文局", short_name="收文局", organ_code="韶基收", slug="benchrecv")
    people = {}
    for suffix, role in [("staff", Role.STAFF), ("director", Role.OFFICE_DIRECTOR), ("leader", Role.LEADER), ("clerk", Role.CLERK)]:
        person = Person(username=f"bench_{suffix}", name=f"基准{suffix}", department=sender)
        person.set_password(PASSWORD)
        person.save()
        role_grant(actor=None, person=person, role=role, system=True)
        people[suffix] = person
    receiving_clerk = Person.objects.create(username="bench_rclerk", name="收文员", department=receiver)
    role_grant(actor=None, person=receiving_clerk, role=Role.CLERK, system=True)
    return people, receiver


def three_page_body() -> str:
    """A body that fills three GB/T 9704 pages with the title block, signature and 版记."""
    lines = []
    for n, numeral in enumerate("一二三", start=1):
        lines.append(f"{numeral}、第{n}部分工作要求")
        for i in range(1, 3):
            lines.append(f"（{'一二'[i - 1]}）具体措施{i}")
            lines.append(BODY_PARAGRAPH)
    return "\n".join(lines)


def bench_documents(runs: int = 20) -> dict:
    per_step_queries: dict[str, list[int]] = {name: [] for name, _, _ in STEPS}
    per_step_time: dict[str, list[float]] = {name: [] for name, _, _ in STEPS}
    with transaction.atomic():
        people, receiver = _cast()
        sample = None
        for _ in range(runs):
            document = document_create(
                actor=people["staff"], fields={"title": "关于做好我市电子政务应用系统试运行有关工作的通知", "body": three_page_body()},
                main=[receiver], copy=[],
            )
            for action, who, extra in STEPS:
                step = StepInput(confirmation=PASSWORD if action == "sign" else "", **extra)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    document = document_transition(actor=people[who], document_id=document.pk, action=action, step=step)
                    per_step_time[action].append(time.perf_counter() - started)
                per_step_queries[action].append(len(captured.captured_queries))
            sample = document
        rendering = bench_rendering(runs=max(10, min(runs, 20)), document=sample)
        transaction.set_rollback(True)
    all_times = [t for times in per_step_time.values() for t in times]
    return {
        "transitions": {
            action: {"queries": max(per_step_queries[action]), **_ms(per_step_time[action])} for action, _, _ in STEPS
        },
        "transition_all": _ms(all_times),
        # 签发 includes checking the signer's password (PBKDF2, deliberately slow); the rest is the flow itself.
        "transition_all_but_sign": _ms([t for action, times in per_step_time.items() if action != "sign" for t in times]),
        "queries_per_transition_max": max(max(q) for q in per_step_queries.values()),
        **rendering,
    }
