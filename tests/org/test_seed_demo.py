"""`seed_demo` builds the demo city of seed 004 with documents in flight, and can run again."""

import pytest
from django.core.management import CommandError, call_command

from documents.choices import DocType
from documents.choices import DocumentState as S
from documents.models import Delivery, Document, SigningAuthority
from oa.audit.services import ledger_verify
from oa.core.todo import todo_sources
from oa.org.choices import Role
from oa.org.models import Department, Person

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Demo-2026oa"


def test_seed_demo_twice_gives_one_city_with_work_waiting_for_each_role():
    call_command("seed_demo", password=PASSWORD)
    counts = (Department.objects.count(), Person.objects.count(), Document.objects.count())
    call_command("seed_demo", password=PASSWORD)
    assert (Department.objects.count(), Person.objects.count(), Document.objects.count()) == counts
    assert counts[0] == 20 and counts[2] == 6

    states = sorted(Document.objects.values_list("state", flat=True))
    assert states == sorted([S.DRAFT, S.REVIEW, S.SIGNING, S.DISPATCHED, S.DISPATCHED, S.DISPATCHED])
    clerk = Person.objects.get(username="jmj_clerk")
    assert clerk.has_role(Role.CLERK) and clerk.check_password(PASSWORD)
    waiting = Delivery.objects.filter(department__slug="jmj")
    assert sorted(waiting.values_list("state", flat=True)) == ["pending", "pending", "proposed"]

    def todo_titles(username):
        person = Person.objects.get(username=username)
        return [item.title for source in todo_sources(person) for item in source.items]

    assert any("试运行培训" in title for title in todo_titles("jmj_leader"))
    assert any("规范公文处理" in title for title in todo_titles("jmj_leader"))  # the 收文 the 拟办 sent to them
    assert any("年度统计报表" in title for title in todo_titles("jmj_director"))
    assert any("冬季安全生产" in title for title in todo_titles("jmj_clerk"))
    # both department roles that lead: the 处室负责人 reviews, the 分管领导 signs (a 报告 upwards under authorisation)
    section, leader = Person.objects.get(username="jmj_section"), Person.objects.get(username="jmj_leader")
    assert section.has_role(Role.SECTION_HEAD) and not section.has_role(Role.LEADER, Role.PRINCIPAL_HEAD)
    assert leader.has_role(Role.LEADER) and not leader.has_role(Role.SECTION_HEAD)
    assert any("年度统计报表" in title for title in todo_titles("jmj_section"))
    assert SigningAuthority.objects.get().kinds == [DocType.REPORT]
    assert ledger_verify().ok


def test_seed_demo_refuses_a_weak_password():
    with pytest.raises(CommandError, match="至少 8 位"):
        call_command("seed_demo", password="123456")
