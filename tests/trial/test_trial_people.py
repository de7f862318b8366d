"""The trial's people (seed 004 §1, §3, §6, §7): the 统筹协调小组 on the programme — escalation reaches its
组长 —, each department's working group with one 专人 who is a person of the department, the approval
units' 咨询电话, the due date chased on 待办 and by 催报, and what the portal publishes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from oa.audit.models import LedgerEntry
from oa.core.todo import todo_sources
from oa.feedback.permissions import is_contact, may
from oa.feedback.selectors import tickets_visible_to
from oa.feedback.services.reporting import ticket_report
from oa.feedback.services.watch import escalation_ids, tickets_sla_check
from oa.org.choices import Role
from oa.trial.choices import TrialSystem
from oa.trial.models import TrialParticipant, WorkingGroup
from oa.trial.people import department_contact_ids, owed, published_contacts
from oa.trial.services import people as people_service
from oa.trial.services.programme import participant_add
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(personas, info_leader):
    """市府办 with its 李熏杰, the information center's 陈其宏 (info_leader) and a member of staff."""
    office = DepartmentFactory(name="韶关市人民政府办公室", short_name="市府办", organ_code="韶府办", slug="sfb",
                               kind="general_office")
    return {"office": office, "lxj": person_with_role("sfb_lxj", office, Role.LEADER, "副秘书长", name="李熏杰"),
            "cqh": info_leader}


def _group(city, personas, **overrides):
    values = {"leader": city["lxj"].pk, "deputy": city["cqh"].pk, "members": [personas.info_center.pk],
              "fault_phone": "8891904", "contacts": [{"name": "谢金保", "phone": "13826313052"},
                                                     {"name": "尹德雄", "phone": "13823683770"}]}
    values.update(overrides)
    return people_service.Coordination(**values)


def _todo(person) -> list[str]:
    return [item.title for source in todo_sources(person) for item in source.items]


# --- §7 the 统筹协调小组 ---------------------------------------------------------------------------------

def test_escalation_reaches_the_coordination_groups_leader(trial, city, personas, django_capture_on_commit_callbacks):
    # Before any group is recorded: the information center's leaders (the rule before §7 was recorded).
    assert escalation_ids() == {city["cqh"].pk}
    people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk, group=_group(city, personas))
    assert escalation_ids() == {city["lxj"].pk, city["cqh"].pk}

    now = timezone.now()
    t = ticket_report(actor=personas.staff_a, fields={"category": "software", "severity": "urgent",
                                                      "description": "发文列表打不开，页面报错。"},
                      page_url="", user_agent="测试", now=now - timedelta(days=3))
    with django_capture_on_commit_callbacks():
        assert tickets_sla_check(now=now).escalated >= 1
    entry = LedgerEntry.objects.filter(action="ticket.sla.respond.escalate", target_id=str(t.pk)).get()
    assert city["lxj"].pk in entry.data["notified"]  # 组长 of 市府办, not only the information center's leader


def test_the_group_is_kept_by_the_information_center_only_and_checked(trial, city, personas):
    with pytest.raises(PermissionDenied):
        people_service.coordination_save(actor=personas.clerk_a, programme_id=trial.pk, group=_group(city, personas))
    with pytest.raises(ValidationError, match="组长和副组长不能是同一人"):
        people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk,
                                         group=_group(city, personas, deputy=city["lxj"].pk))
    with pytest.raises(ValidationError, match="请从人员中选择"):
        people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk,
                                         group=_group(city, personas, leader="李熏杰"))
    with pytest.raises(ValidationError, match="电话"):
        people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk,
                                         group=_group(city, personas, contacts=[{"name": "何磊", "phone": "一三五"}]))
    group = people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk, group=_group(city, personas))
    assert [c.name for c in group.contacts.all()] == ["谢金保", "尹德雄"]
    assert LedgerEntry.objects.filter(action="trial.coordination").count() == 1


def test_the_portal_publishes_the_group_and_the_approval_phones(trial, city, personas, client, login):
    from oa.portal.seed import seed_portal

    seed_portal()
    participant_add(actor=personas.info_center, programme_id=trial.pk, department_id=personas.dept_b.pk,
                    system=TrialSystem.APPROVAL)
    people_service.consult_phone_save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
                                      phone="0751-8123456")
    people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk,
                                     group=_group(city, personas, contacts=[{"name": "何磊", "phone": "13500207520"}]))
    published = published_contacts()
    assert published["contacts"][0]["name"] == "李熏杰" and published["hotlines"][0]["phone"] == "8891904"
    assert published["approval_phones"] == [{"department": "乙局", "short_name": "乙局", "phone": "0751-8123456"}]

    login(personas.staff_a)
    page = client.get("/contacts/").content.decode()
    assert "李熏杰" in page and "试运行统筹协调小组组长" in page and "13500207520" in page
    assert "网上审批业务咨询电话" in page and "0751-8123456" in page
    assert page.count("李熏杰") == 1  # the page's own block of the same name is not shown twice
    api = client.get("/api/v1/trials/contacts/").json()
    assert api["contacts"][0]["duty"] == "试运行统筹协调小组组长" and api["approval_phones"][0]["phone"] == "0751-8123456"


def test_the_group_through_the_page_and_the_api(trial, city, personas, client, login):
    login(personas.info_center)
    response = client.post(f"/trial/{trial.pk}/people/", {
        "leader": city["lxj"].pk, "deputy": city["cqh"].pk, "members": [personas.info_center.pk], "fault_phone": "8891904",
        "contacts": "谢金保 13826313052\n陈叶飞，13826379995"})
    assert response.status_code == 302
    page = client.get(f"/trial/{trial.pk}/people/").content.decode()
    assert "李熏杰" in page and "陈叶飞 13826379995" in page
    answer = client.post(f"/api/v1/trials/{trial.pk}/coordination/", {
        "leader": city["lxj"].pk, "deputy": None, "contacts": [{"name": "何磊", "phone": "13500207520"}]},
        content_type="application/json")
    assert answer.status_code == 200, answer.content.decode()
    assert answer.json()["coordination"]["leader"]["name"] == "李熏杰" and answer.json()["coordination"]["deputy"] is None
    refused = client.post(f"/api/v1/trials/{trial.pk}/coordination/", {"leader": "李熏杰"}, content_type="application/json")
    assert refused.status_code == 400 and "请从人员中选择" in refused.content.decode()
    client.logout()
    login(personas.clerk_a)
    denied = client.post(f"/api/v1/trials/{trial.pk}/coordination/", {"leader": city["lxj"].pk}, content_type="application/json")
    assert denied.status_code == 403


# --- §1/§6 the working group and its 专人 ---------------------------------------------------------------

def test_the_contact_is_a_person_of_the_department(trial, personas, client, login):
    save = people_service.working_group_save
    with pytest.raises(ValidationError, match="专人请从人员中选择（不能填写姓名）"):
        save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk, leader=personas.leader_b.pk,
             contact="王文书")
    with pytest.raises(ValidationError, match="专人应为本单位（乙局）的人员"):
        save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk, leader=personas.leader_b.pk,
             contact=personas.clerk_a.pk)
    with pytest.raises(ValidationError, match="成员应为本单位"):
        save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk, leader=personas.leader_b.pk,
             contact=personas.staff_b.pk, members=[personas.staff_a.pk])
    assert not WorkingGroup.objects.exists()
    with pytest.raises(ValidationError, match="请填写专人联系电话"):  # none given, and the 专人 has none recorded
        save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
             leader=personas.leader_b.pk, contact=personas.staff_b.pk)
    type(personas.staff_b).objects.filter(pk=personas.staff_b.pk).update(phone="0751-8891002")
    group = save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
                 leader=personas.leader_b.pk, contact=personas.staff_b.pk, members=[personas.director_b.pk])
    assert group.contact == personas.staff_b and group.complete
    assert group.phone == "0751-8891002"  # the 专人's own phone when none is given

    login(personas.clerk_b)
    refused = client.post(f"/api/v1/trials/{trial.pk}/working-group/", {"leader": personas.leader_b.pk, "contact": "王文书"},
                          content_type="application/json")
    assert refused.status_code == 400 and "专人请从人员中选择" in refused.content.decode()
    other = client.post(f"/api/v1/trials/{trial.pk}/working-group/", {"leader": personas.leader_b.pk,
                                                                      "contact": personas.clerk_a.pk, "phone": "8891904"},
                        content_type="application/json")
    assert other.status_code == 400 and "专人应为本单位（乙局）的人员" in other.content.decode()
    page = client.post(f"/trial/{trial.pk}/group/", {"leader": personas.leader_b.pk, "contact": personas.clerk_a.pk,
                                                    "phone": "8891904"}, follow=True)
    assert "专人应为本单位（乙局）的人员" in page.content.decode()
    assert WorkingGroup.objects.get().contact == personas.staff_b  # nothing changed


def test_the_named_contact_replaces_every_clerk_as_the_departments_contact(trial, personas, ticket):
    mine = ticket(actor=personas.staff_b, description="收文列表打不开。")
    # None named yet: the department's clerks are its contact (the fallback).
    assert department_contact_ids(personas.dept_b.pk) == {personas.clerk_b.pk}
    assert mine in tickets_visible_to(personas.clerk_b)
    people_service.working_group_save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
                                      leader=personas.leader_b.pk, contact=personas.director_b.pk, phone="8891904")
    clerk = type(personas.clerk_b).objects.get(pk=personas.clerk_b.pk)  # a fresh request's person
    director = type(personas.director_b).objects.get(pk=personas.director_b.pk)
    assert department_contact_ids(personas.dept_b.pk) == {personas.director_b.pk}
    assert is_contact(director) and not is_contact(clerk)
    assert mine in tickets_visible_to(director) and mine not in tickets_visible_to(clerk)
    assert may(director, "comment", mine) and not may(clerk, "comment", mine)


@pytest.fixture
def ticket(personas):
    def _ticket(actor, **fields):
        values = {"category": "software", "severity": "normal", "description": "页面报错。", **fields}
        return ticket_report(actor=actor, fields=values, page_url="", user_agent="测试")

    return _ticket


# --- the due date, 待办 and 催报 (§1, §3) ---------------------------------------------------------------

def test_a_missing_working_group_and_phone_are_chased_like_any_deadline(trial, personas, client, login,
                                                                          django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("oa.trial.services.people.notify_person_on_commit",
                        lambda person_id, event, **payload: sent.append((person_id, event, payload)))
    participant_add(actor=personas.info_center, programme_id=trial.pk, department_id=personas.dept_b.pk,
                    system=TrialSystem.APPROVAL)
    assert _todo(personas.clerk_b) == []  # no due date set: nothing owed yet
    with pytest.raises(ValidationError, match="请先设定"):
        people_service.groups_chase(actor=personas.info_center, programme_id=trial.pk)
    due = timezone.localdate() + timedelta(days=2)
    people_service.groups_due_set(actor=personas.info_center, programme_id=trial.pk, due=due)
    before = _todo(personas.clerk_b)
    assert f"【报送试运行工作组】电子政务应用系统试运行（请于{due.month}月{due.day}日前报送）" in before
    assert any(t.startswith("【报送网上审批业务咨询电话】") for t in before)
    assert not any("咨询电话" in t for t in _todo(personas.clerk_a))  # A is not an approval unit

    assert owed(trial) == {"groups": [personas.dept_a.pk, personas.dept_b.pk], "phones": [personas.dept_b.pk]}
    assert people_service.groups_chase(actor=personas.info_center, programme_id=trial.pk) == 2
    chase = LedgerEntry.objects.get(action="trial.groups.chase")
    assert chase.data["phones"] == [personas.dept_b.pk]
    told = {person for person, event, _ in sent if event == "trial.chased"}
    assert {personas.clerk_b.pk, personas.director_b.pk, personas.clerk_a.pk} <= told
    with pytest.raises(PermissionDenied):
        people_service.groups_chase(actor=personas.clerk_a, programme_id=trial.pk)

    # After the due date it stays, marked late.
    type(trial).objects.filter(pk=trial.pk).update(groups_due=timezone.localdate() - timedelta(days=1))
    assert any("已逾期" in t for t in _todo(personas.clerk_b))

    people_service.working_group_save(actor=personas.director_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
                                      leader=personas.leader_b.pk, contact=personas.clerk_b.pk, phone="0751-8891002")
    people_service.consult_phone_save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_b.pk,
                                      phone="0751-8123456")
    assert not any("报送" in t for t in _todo(personas.clerk_b))
    assert owed(trial) == {"groups": [personas.dept_a.pk], "phones": []}

    login(personas.info_center)
    page = client.get(f"/trial/{trial.pk}/people/").content.decode()
    assert "工作组未报 1，咨询电话未报 0" in page and "0751-8123456" in page
    people_api = client.get(f"/api/v1/trials/{trial.pk}/people/").json()
    assert people_api["missing"] == {"groups": [personas.dept_a.pk], "phones": []}
    chased = client.post(f"/api/v1/trials/{trial.pk}/groups/chase/")
    assert chased.status_code == 200 and chased.json() == {"chased": 1}
    client.logout()
    login(personas.clerk_a)
    own = client.get(f"/api/v1/trials/{trial.pk}/people/").json()
    assert [row["department"] for row in own["working_groups"]] == [personas.dept_a.pk] and own["missing"] is None
    assert "本单位填报" in client.get(f"/trial/{trial.pk}/people/").content.decode()


def test_the_consult_phone_is_an_approval_units(trial, personas):
    with pytest.raises(ValidationError, match="未参加网上行政审批系统"):
        people_service.consult_phone_save(actor=personas.clerk_a, programme_id=trial.pk, department_id=personas.dept_a.pk,
                                          phone="0751-8123456")
    TrialParticipant.objects.create(programme=trial, department=personas.dept_a, system=TrialSystem.APPROVAL)
    with pytest.raises(ValidationError, match="只能包含数字"):
        people_service.consult_phone_save(actor=personas.clerk_a, programme_id=trial.pk, department_id=personas.dept_a.pk,
                                          phone="八八九")
    with pytest.raises(PermissionDenied):
        people_service.consult_phone_save(actor=personas.clerk_b, programme_id=trial.pk, department_id=personas.dept_a.pk,
                                          phone="0751-8123456")


def test_the_due_date_is_not_after_the_trial(trial, personas):
    with pytest.raises(ValidationError, match="不能晚于试运行结束日期"):
        people_service.groups_due_set(actor=personas.info_center, programme_id=trial.pk,
                                      due=trial.end_date + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        people_service.groups_due_set(actor=personas.clerk_a, programme_id=trial.pk, due=trial.start_date)


def test_the_due_date_is_set_with_the_programme(personas, client, login):
    today = timezone.localdate()
    login(personas.info_center)
    created = client.post("/api/v1/trials/", {"name": "第二期试运行", "start_date": (today + timedelta(days=10)).isoformat(),
                                              "end_date": (today + timedelta(days=40)).isoformat(),
                                              "groups_due": (today + timedelta(days=5)).isoformat(),
                                              "office": [personas.dept_a.pk]}, content_type="application/json")
    assert created.status_code == 201, created.content.decode()
    assert created.json()["groups_due"] == (today + timedelta(days=5)).isoformat()
    late = client.post("/api/v1/trials/", {"name": "第三期", "start_date": today.isoformat(),
                                           "end_date": (today + timedelta(days=3)).isoformat(),
                                           "groups_due": (today + timedelta(days=5)).isoformat()}, content_type="application/json")
    assert late.status_code == 400 and "不能晚于试运行结束日期" in late.content.decode()


def test_nothing_of_the_people_changes_once_the_trial_has_ended(trial, city, personas):
    """The page hides the forms of an ended programme; the services refuse the same (one rule, in the service)."""
    from oa.trial.models import CoordinationGroup, TrialProgramme

    TrialParticipant.objects.create(programme=trial, department=personas.dept_b, system=TrialSystem.APPROVAL)
    TrialProgramme.objects.filter(pk=trial.pk).update(state="ended")
    type(personas.staff_b).objects.filter(pk=personas.staff_b.pk).update(phone="0751-8891002")
    steps = [
        lambda: people_service.coordination_save(actor=personas.info_center, programme_id=trial.pk,
                                                 group=_group(city, personas)),
        lambda: people_service.working_group_save(actor=personas.clerk_b, programme_id=trial.pk,
                                                  department_id=personas.dept_b.pk, leader=personas.leader_b.pk,
                                                  contact=personas.staff_b.pk),
        lambda: people_service.consult_phone_save(actor=personas.clerk_b, programme_id=trial.pk,
                                                  department_id=personas.dept_b.pk, phone="0751-8123456"),
    ]
    for step in steps:
        with pytest.raises(ValidationError, match="试运行已结束"):
            step()
    assert not CoordinationGroup.objects.exists() and not WorkingGroup.objects.exists()
    assert not TrialParticipant.objects.filter(programme=trial, system=TrialSystem.APPROVAL).exclude(consult_phone="").exists()
