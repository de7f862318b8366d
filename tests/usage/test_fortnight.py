"""A scripted fortnight (2026年11月上半月: 1–15 November 2026, no holidays; the 1st is a Sunday) with two
departments in a running trial: logins (one through an API token), dispatches, sign-fors on various working
days, completions on time and late, one still open past its deadline, paper copies matched in both orders,
paper only from a department of the system and from outside it, a 三密 item, paper sent and not sent.

Every figure of the period is worked out here in plain Python from the script — the working days by
counting Monday to Friday, the grades by the published rule (late by more than 3 working days: 红牌) — and
must equal the project's half-month table; `usage_rebuild --check` finds nothing to repair."""

import json
from datetime import date, timedelta
from io import StringIO
from statistics import median

import pytest
from django.core.management import call_command
from django.test import Client

from documents.choices import DocumentState as S
from documents.incoming.services.actions import delivery_act
from documents.incoming.services.circulation import reading_mark_read
from documents.incoming.services.paper import delivery_register_paper
from oa.org.models import Person
from oa.org.services.tokens import api_token_issue
from oa.trial.choices import TrialSystem
from oa.trial.models import PaperRequirement, TransmissionRule
from oa.trial.services.paper import PaperSent, paper_confirm, paper_only_record, paper_record
from oa.trial.services.programme import programme_create, programme_transition
from oa.usage.figures import COLUMNS
from oa.usage.periods import Period
from oa.usage.selectors import build_table, department_row
from oa.usage.services import bulletin

pytestmark = pytest.mark.django_db
PERIOD = Period.parse("2026-11-1")


def wd(a: date, b: date) -> int:
    """Working days in (a, b] — Monday to Friday (November 2026 has no holiday)."""
    return sum(1 for n in range(1, (b - a).days + 1) if (a + timedelta(days=n)).weekday() < 5)


def test_a_scripted_fortnight(personas, draft, walk, clock, password):
    p = personas
    TransmissionRule.objects.create(version=1, effective_from=date(2026, 10, 1), text="除急件和“三密”件外，网上传输和纸质同步。")
    clock.set(2026, 11, 1, 20, 0)
    programme = programme_create(actor=p.info_center, name="电子政务应用系统试运行", start_date=date(2026, 11, 2),
                                 end_date=date(2026, 12, 13),
                                 participants={TrialSystem.OFFICE: [p.dept_a.pk, p.dept_b.pk]})
    clock.set(2026, 11, 2, 8, 0)
    programme_transition(actor=p.info_center, programme_id=programme.pk, action="start")
    _, key = api_token_issue(person=p.leader_b, name="移动端")

    def login(person):
        assert Client().post("/accounts/login/", {"username": person.username, "password": password}).status_code == 302

    def token_use():
        assert Client().get("/api/v1/departments/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    def dispatch(title, **fields):
        return walk(draft(title=title, **fields), S.DISPATCHED).deliveries.get(department=p.dept_b)

    def handle(delivery, *, due, circulate=False):
        delivery_act(actor=p.clerk_b, delivery_id=delivery.pk, action="register", data={})
        if circulate:
            delivery_act(actor=p.clerk_b, delivery_id=delivery.pk, action="circulate",
                         data={"readers": [p.staff_b, p.director_b]})
        delivery_act(actor=p.clerk_b, delivery_id=delivery.pk, action="screen", data={"handling": "task"})
        delivery_act(actor=p.director_b, delivery_id=delivery.pk, action="propose",
                     data={"text": "拟请领导阅示", "assignee": p.staff_b, "leaders": [p.leader_b]})
        delivery_act(actor=p.leader_b, delivery_id=delivery.pk, action="instruct",
                     data={"text": "请办理", "assignee": p.staff_b, "due": due})

    def complete(delivery):
        delivery_act(actor=p.staff_b, delivery_id=delivery.pk, action="complete", data={"text": "已办理"})

    def sign(delivery):
        delivery_act(actor=p.clerk_b, delivery_id=delivery.pk, action="sign_for", data={})

    def requirement(delivery):
        return PaperRequirement.objects.get(delivery=delivery).pk

    # --- the script ---------------------------------------------------------------------------------
    clock.set(2026, 11, 2, 8, 30)
    p1 = delivery_register_paper(actor=p.clerk_b, title="第一件", sender_name="甲局", copies=2)  # paper first
    clock.set(2026, 11, 2, 9, 0)
    d1 = dispatch("第一件")
    clock.set(2026, 11, 2, 10, 0)
    login(p.clerk_b)
    login(p.staff_a)
    clock.set(2026, 11, 2, 15, 0)
    sign(d1)
    paper_confirm(actor=p.clerk_b, requirement_id=requirement(d1), paper_arrival_id=p1.pk)
    handle(d1, due=date(2026, 11, 13), circulate=True)
    clock.set(2026, 11, 3, 9, 0)
    login(p.clerk_b)
    reading_mark_read(actor=p.staff_b, delivery_id=d1.pk)  # one of the two readers
    paper_record(actor=p.clerk_a, requirement_id=requirement(d1),
                 sent=PaperSent(count=2, sent_on=date(2026, 11, 2), method="exchange"))
    clock.set(2026, 11, 3, 10, 0)
    d2 = dispatch("第二件")
    paper_record(actor=p.clerk_a, requirement_id=requirement(d2),
                 sent=PaperSent(count=1, sent_on=date(2026, 11, 3), method="courier"))
    clock.set(2026, 11, 4, 9, 0)
    token_use()
    token_use()
    clock.set(2026, 11, 5, 9, 0)
    token_use()
    sign(d2)
    p2 = delivery_register_paper(actor=p.clerk_b, title="第二件", sender_name="甲局")  # online first, then paper
    paper_confirm(actor=p.clerk_b, requirement_id=requirement(d2), paper_arrival_id=p2.pk)
    handle(d2, due=date(2026, 11, 5))
    clock.set(2026, 11, 6, 11, 0)
    complete(d1)  # due 13 Nov: on time
    delivery_register_paper(actor=p.clerk_b, title="甲局只送纸质", sender_name="甲局")  # should have come online
    delivery_register_paper(actor=p.clerk_b, title="省厅来文", sender_name="省信息产业厅")  # outside the system
    clock.set(2026, 11, 9, 9, 0)
    d3 = dispatch("第三件")  # its paper copy is never sent
    clock.set(2026, 11, 9, 9, 30)
    d4 = dispatch("第四件", urgency="urgent")  # 急件: no paper required
    clock.set(2026, 11, 9, 16, 0)
    complete(d2)  # due 5 Nov
    sign(d3)
    handle(d3, due=date(2026, 11, 9))
    clock.set(2026, 11, 10, 10, 0)
    paper_only_record(actor=p.clerk_b, counterpart_id=p.dept_a.pk, direction="received", count=2,
                      on_date=date(2026, 11, 10))
    clock.set(2026, 11, 13, 10, 0)
    sign(d4)  # and left 待登记, past its deadline at the end of the period
    clock.set(2026, 11, 13, 16, 0)
    complete(d3)  # due 9 Nov
    clock.set(2026, 11, 16, 10, 0)

    # --- the figures, worked out from the script ------------------------------------------------------
    sent = {"第一件": date(2026, 11, 2), "第二件": date(2026, 11, 3), "第三件": date(2026, 11, 9),
            "第四件": date(2026, 11, 9)}  # all before 17:00 on working days: exchanged the same day
    signed = {"第一件": date(2026, 11, 2), "第二件": date(2026, 11, 5), "第三件": date(2026, 11, 9),
              "第四件": date(2026, 11, 13)}
    delays = [wd(sent[t], signed[t]) for t in sent]
    assert delays == [0, 2, 0, 4]
    due_done = {"第一件": (date(2026, 11, 13), date(2026, 11, 6)), "第二件": (date(2026, 11, 5), date(2026, 11, 9)),
                "第三件": (date(2026, 11, 9), date(2026, 11, 13))}
    late = {t: wd(due, done) if done > due else 0 for t, (due, done) in due_done.items()}
    on_time = sum(1 for n in late.values() if n == 0)
    done_yellow = sum(1 for n in late.values() if 0 < n <= 3)
    done_red = sum(1 for n in late.values() if n > 3)
    # 第四件 (加急: 2 working days after its exchange day) is open at the period's end, 15 November
    due_4 = sent["第四件"] + timedelta(days=2)  # 9 Nov (Mon) + 2 working days = 11 Nov (Wed)
    assert wd(sent["第四件"], due_4) == 2
    open_late = wd(due_4, PERIOD.last)
    open_yellow, open_red = (1, 0) if 0 < open_late <= 3 else (0, 1)
    received_online = len(sent)
    missed_paper = 1  # 甲局只送纸质 (第一件 and 第二件's paper closed into their online deliveries; 省厅 is outside)

    def accounts(department):
        return Person.objects.filter(department=department, is_active=True).count()

    b = {
        "accounts": accounts(p.dept_b), "active": 2, "logins": 2 + 2,  # clerk twice by page, the leader's token on 2 days
        "drafted": 0, "sent": 0, "received": received_online,
        "signed_1wd": sum(1 for n in delays if n <= 1), "sign_median": float(median(delays)),
        "done_on_time": on_time, "yellow": done_yellow + open_yellow, "red": done_red + open_red,
        "on_time_rate": on_time / len(due_done), "circ_read_rate": 1 / 2, "notices_read_rate": None,
        "paper_compliance": None, "paper_only": 2, "paper_missed": missed_paper,
        "usage_rate": received_online / (received_online + missed_paper), "faults_reported": 0, "faults_resolved": 0,
    }
    a = {
        "accounts": accounts(p.dept_a), "active": 1, "logins": 1, "drafted": 4, "sent": 4, "received": 0,
        "signed_1wd": 0, "sign_median": None, "done_on_time": 0, "yellow": 0, "red": 0, "on_time_rate": None,
        "circ_read_rate": None, "notices_read_rate": None, "paper_compliance": 2 / 3,  # 3 required (急件 exempt), 2 sent
        "paper_only": 0, "paper_missed": 0, "usage_rate": None, "faults_reported": 0, "faults_resolved": 0,
    }
    table = build_table(PERIOD)
    assert {c.code for c in COLUMNS} == set(a) == set(b)
    for department, expected in ((p.dept_a, a), (p.dept_b, b)):
        row = department_row(table, department.pk)
        got = {code: row["figures"][code] for code in expected}
        assert got == pytest.approx(expected), department.name
    counts_b = department_row(table, p.dept_b.pk)["counts"]
    assert counts_b["usage_rate"] == {"numerator": 4, "denominator": 5}
    assert counts_b["on_time_rate"] == {"numerator": 1, "denominator": 3}
    assert department_row(table, p.dept_a.pk)["counts"]["paper_compliance"] == {"numerator": 2, "denominator": 3}

    c = bulletin.content(table, None, number="2026年第21期", issued_on=date(2026, 11, 16), version=1)
    assert {i["problem"]: i["units"] for i in c["attention"]}[bulletin.PAPER_LOW_GROUP] == "甲局66.7%"

    out = StringIO()
    call_command("usage_rebuild", "--period", str(PERIOD), "--check", stdout=out)
    assert json.loads(out.getvalue())["differences"] == []
