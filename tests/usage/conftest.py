"""A half month of activity with known counts (period 2026-10-1: 1–15 October 2026, which starts
with the National Day holiday — 1 to 7 October are not working days)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from documents.choices import DocumentState as S
from documents.models import Delivery

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    def __init__(self):
        self.value = None

    def set(self, *args):
        self.value = datetime(*args, tzinfo=SHANGHAI)

    def __call__(self):
        return self.value if self.value is not None else datetime.now(tz=ZoneInfo("UTC"))


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(timezone, "now", c)
    return c


@pytest.fixture
def half_month(personas, draft, walk, clock, password):
    """Department B (乙局) in 2026-10-1:
    - d_old: sent by A on 30 Sept 18:00 (after the cut-off, before the holiday: exchanged 8 Oct), signed
      9 Oct (1 working day), instructed due 9 Oct, completed 15 Oct (5 working days late: 红牌);
    - d_new: sent by A on 8 Oct 09:00, signed 13 Oct (4 working days: late sign-for), completed
      15 Oct before its due date 16 Oct (on time); circulated to 2 readers, 1 read;
    - one paper document from A registered on 12 Oct (paper only, never online: 应上网未上网);
    - clerk B logs in twice, staff A once.
    """
    from django.test import Client

    def login(person):
        response = Client().post("/accounts/login/", {"username": person.username, "password": password})
        assert response.status_code == 302

    from documents.incoming.services.circulation import delivery_circulate, reading_mark_read
    from documents.incoming.services.flow import delivery_complete, delivery_register, delivery_sign_for
    from documents.incoming.services.leaders import delivery_instruct, delivery_propose
    from documents.incoming.services.paper import delivery_register_paper
    from documents.incoming.services.sorting import delivery_screen

    p = personas
    clock.set(2026, 9, 30, 17, 30)
    d_old_doc = walk(draft(title="关于国庆节前安全检查的通知"), S.DISPATCH)
    clock.set(2026, 9, 30, 18, 0)
    walk(d_old_doc, S.DISPATCHED)
    d_old = Delivery.objects.get(document=d_old_doc, department=p.dept_b)

    clock.set(2026, 10, 8, 9, 0)
    d_new_doc = walk(draft(title="关于做好电子政务应用系统试运行有关工作的通知"), S.DISPATCHED)
    d_new = Delivery.objects.get(document=d_new_doc, department=p.dept_b)

    clock.set(2026, 10, 9, 10, 0)
    delivery_sign_for(actor=p.clerk_b, delivery_id=d_old.pk)
    delivery_register(actor=p.clerk_b, delivery_id=d_old.pk)
    delivery_screen(actor=p.clerk_b, delivery_id=d_old.pk, handling="task")
    delivery_propose(actor=p.director_b, delivery_id=d_old.pk, text="拟请局长阅示", assignee=p.staff_b, leaders=[p.leader_b])
    delivery_instruct(actor=p.leader_b, delivery_id=d_old.pk, text="请当天办理", assignee=p.staff_b, due=date(2026, 10, 9))

    clock.set(2026, 10, 9, 11, 0)
    login(p.clerk_b)
    clock.set(2026, 10, 12, 9, 0)
    login(p.clerk_b)
    login(p.staff_a)
    # Paper only from a department that works in the system (甲局): it should have come online (应上网未上网).
    delivery_register_paper(actor=p.clerk_b, title="甲局来文（仅纸质）", sender_name="甲局")

    clock.set(2026, 10, 13, 9, 0)
    delivery_sign_for(actor=p.clerk_b, delivery_id=d_new.pk)
    delivery_register(actor=p.clerk_b, delivery_id=d_new.pk)
    delivery_circulate(actor=p.clerk_b, delivery_id=d_new.pk, readers=[p.staff_b, p.director_b])
    delivery_screen(actor=p.clerk_b, delivery_id=d_new.pk, handling="task")
    delivery_propose(actor=p.director_b, delivery_id=d_new.pk, text="拟请局长阅示", assignee=p.staff_b, leaders=[p.leader_b])
    delivery_instruct(actor=p.leader_b, delivery_id=d_new.pk, text="请办公室办理", assignee=p.staff_b)
    clock.set(2026, 10, 14, 9, 0)
    reading_mark_read(actor=p.staff_b, delivery_id=d_new.pk)

    clock.set(2026, 10, 15, 16, 0)
    delivery_complete(actor=p.staff_b, delivery_id=d_old.pk, text="已办理")
    delivery_complete(actor=p.staff_b, delivery_id=d_new.pk, text="已办理")
    clock.value = None
    d_old.refresh_from_db()
    d_new.refresh_from_db()
    return {"d_old": d_old, "d_new": d_new}
