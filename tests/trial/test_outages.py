"""停机与补登: the information center declares outages; a clerk back-registers paper-only sending inside
one (and only inside one); an outage excuses that sending in the figures and in the reconciliation,
the same sending without an outage counts against the sender; the portal shows the notice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from documents.incoming.services.paper import delivery_register_paper
from oa.audit.models import LedgerEntry
from oa.core.exceptions import Conflict
from oa.trial.choices import Discrepancy, PaperState
from oa.trial.models import Outage, OutagePaperItem, OutageState, PaperRequirement
from oa.trial.selectors import discrepancy_of, reconciliation
from oa.trial.services.figures import department_figures
from oa.trial.services.outages import outage_back_register, outage_declare, outage_end, outage_withdraw
from oa.trial.services.paper import PaperSent, paper_confirm, paper_record

pytestmark = pytest.mark.django_db
JSON = "application/json"


def at(days_ago: int, hour: int, minute: int = 0):
    """A local time `days_ago` days back (always in the past for days_ago ≥ 1)."""
    return (timezone.localtime() - timedelta(days=days_ago)).replace(hour=hour, minute=minute, second=0, microsecond=0)


def cn(moment) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment.hour}:{moment:%M}"


@pytest.fixture
def outage(personas):
    """Down two and a half hours one morning three days ago."""
    return outage_declare(actor=personas.info_center, starts_at=at(3, 9), ends_at=at(3, 11, 30), reason="机房供电故障")


def _both(personas, dispatched):
    """One document A sent online to B, with its paper recorded and confirmed: both channels in place."""
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    paper_record(actor=personas.clerk_a, requirement_id=requirement.pk,
                 sent=PaperSent(count=1, sent_on=timezone.localdate(), method="exchange"))
    paper_confirm(actor=personas.clerk_b, requirement_id=requirement.pk, count=1)
    return requirement


def _arrival(personas, received_at=None, sender="甲局"):
    """B registers paper that came from A with no online delivery behind it (收文 → 登记纸质来文)."""
    return delivery_register_paper(actor=personas.clerk_b, title="关于停机期间有关事项的函", sender_name=sender,
                                   received_at=received_at)


def _expected(department, trial):
    """The rates recomputed here from the events themselves, independently of figures.py."""
    from documents.models import Delivery

    required = PaperRequirement.objects.filter(programme=trial, sender_department=department).exclude(
        state=PaperState.EXEMPT).count()
    both = PaperRequirement.objects.filter(programme=trial, sender_department=department, state=PaperState.CONFIRMED).count()
    online = Delivery.objects.filter(document__drafting_department=department).count()
    missed = Delivery.objects.filter(document__isnull=True, on_paper=True, sender_name=department.name).count()
    return round(100 * both / (required + missed), 1), round(100 * online / (online + missed), 1), missed


# --- declaring --------------------------------------------------------------------------------------


def test_only_the_information_center_declares_ends_and_withdraws(personas):
    with pytest.raises(PermissionDenied):
        outage_declare(actor=personas.clerk_a, starts_at=at(1, 9), ends_at=at(1, 10), reason="网络中断")
    assert not Outage.objects.exists()
    assert LedgerEntry.objects.filter(action="trial.denied", outcome="denied").exists()
    running = outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=1), reason="数据库故障")
    assert running.state == OutageState.ONGOING and running.ends_at is None and "进行中" in running.window_text
    with pytest.raises(PermissionDenied):
        outage_end(actor=personas.clerk_a, outage_id=running.pk, ends_at=timezone.now())
    with pytest.raises(PermissionDenied):
        outage_withdraw(actor=personas.leader_a, outage_id=running.pk, reason="误报")
    ended = outage_end(actor=personas.info_center, outage_id=running.pk, ends_at=timezone.now())
    assert ended.state == OutageState.ENDED and ended.ends_at is not None
    with pytest.raises(Conflict):
        outage_end(actor=personas.info_center, outage_id=running.pk, ends_at=timezone.now())
    withdrawn = outage_withdraw(actor=personas.info_center, outage_id=running.pk, reason="登记有误")
    assert withdrawn.state == OutageState.WITHDRAWN and Outage.objects.count() == 1  # never deleted
    actions = set(LedgerEntry.objects.filter(action__startswith="trial.outage.").values_list("action", flat=True))
    assert {"trial.outage.declare", "trial.outage.end", "trial.outage.withdraw"} <= actions


@pytest.mark.parametrize("starts, ends, reason, message", [
    (lambda: at(1, 11), lambda: at(1, 9), "网络中断", "恢复时间应晚于"),
    (lambda: at(1, 9), lambda: timezone.now() + timedelta(hours=2), "网络中断", "不能晚于现在"),
    (lambda: timezone.now() + timedelta(hours=1), lambda: None, "网络中断", "不能晚于现在"),
    (lambda: at(1, 9), lambda: at(1, 10), "  ", "请填写停机原因"),
    (lambda: at(1, 9), lambda: at(1, 10), "机密★1年 关于机房的请示", "密"),
])
def test_bad_declarations_are_refused_in_chinese(personas, starts, ends, reason, message):
    with pytest.raises(ValidationError, match=message):
        outage_declare(actor=personas.info_center, starts_at=starts(), ends_at=ends(), reason=reason)
    assert not Outage.objects.exists()


def test_outages_in_force_do_not_overlap(personas, outage):
    with pytest.raises(ValidationError, match="时间重叠"):
        outage_declare(actor=personas.info_center, starts_at=at(3, 10), ends_at=at(3, 12), reason="又一次")
    outage_withdraw(actor=personas.info_center, outage_id=outage.pk, reason="时间登记错了")
    assert outage_declare(actor=personas.info_center, starts_at=at(3, 10), ends_at=at(3, 12), reason="更正").pk


# --- back-registration ------------------------------------------------------------------------------


def test_back_registration_inside_the_window_is_accepted(trial, personas, outage, dispatched):
    document = dispatched().document
    item = outage_back_register(actor=personas.clerk_a, sent_at=at(3, 10), counterpart_ids=[personas.dept_b.pk], count=2,
                                document_id=document.pk)
    assert item.outage == outage and item.count == 2 and list(item.counterparts.all()) == [personas.dept_b]
    assert item.document == document and item.department == personas.dept_a
    assert LedgerEntry.objects.filter(action="trial.outage.back_register", data__item=item.pk).exists()


@pytest.mark.parametrize("when", [lambda: at(3, 8, 59), lambda: at(3, 11, 31), lambda: at(2, 10)])
def test_back_registration_outside_the_window_is_refused_and_writes_nothing(trial, personas, outage, when):
    before = LedgerEntry.objects.count()
    with pytest.raises(ValidationError, match="不在任何已登记的系统停机时段内"):
        outage_back_register(actor=personas.clerk_a, sent_at=when(), counterpart_ids=[personas.dept_b.pk], count=1)
    assert not OutagePaperItem.objects.exists() and LedgerEntry.objects.count() == before


def test_back_registration_refusals(trial, personas, outage, settings, draft):
    ok = {"sent_at": at(3, 10), "counterpart_ids": [personas.dept_b.pk], "count": 1}
    with pytest.raises(PermissionDenied):
        outage_back_register(actor=personas.staff_a, **ok)
    with pytest.raises(PermissionDenied):
        outage_back_register(actor=personas.info_center, **ok)
    with pytest.raises(ValidationError, match="本单位"):
        outage_back_register(actor=personas.clerk_a, **{**ok, "counterpart_ids": [personas.dept_a.pk]})
    with pytest.raises(ValidationError, match="件数"):
        outage_back_register(actor=personas.clerk_a, **{**ok, "count": 0})
    other = draft()  # a document of A's department: not B's to name
    with pytest.raises(ValidationError, match="不是本单位的发文"):
        outage_back_register(actor=personas.clerk_b, **{**ok, "counterpart_ids": [personas.dept_a.pk], "document_id": other.pk})
    settings.OA_TRIAL_OUTAGE_BACKFILL_WORKING_DAYS = 1
    old = outage_declare(actor=personas.info_center, starts_at=at(40, 9), ends_at=at(40, 10), reason="线路检修")
    with pytest.raises(ValidationError, match="补登期限为恢复后 1 个工作日"):
        outage_back_register(actor=personas.clerk_a, **{**ok, "sent_at": at(40, 9, 30)})
    outage_withdraw(actor=personas.info_center, outage_id=outage.pk, reason="误报")
    with pytest.raises(ValidationError, match="不在任何已登记的系统停机时段内"):
        outage_back_register(actor=personas.clerk_a, **ok)
    assert not OutagePaperItem.objects.exists() and old.pk


def test_back_registration_is_open_while_the_outage_goes_on(trial, personas):
    outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=2), reason="服务器宕机")
    item = outage_back_register(actor=personas.clerk_a, sent_at=timezone.now() - timedelta(hours=1),
                                counterpart_ids=[personas.dept_b.pk], count=1)
    assert item.outage.state == OutageState.ONGOING


# --- excusing: the figures --------------------------------------------------------------------------


def test_an_outage_excuses_paper_only_sending(trial, personas, outage, dispatched):
    _both(personas, dispatched)
    before = department_figures(trial, personas.dept_a.pk)
    assert (before["compliance"], before["online_share"]) == (100.0, 100.0)
    outage_back_register(actor=personas.clerk_a, sent_at=at(3, 10), counterpart_ids=[personas.dept_b.pk], count=1)
    _arrival(personas)  # B registers that paper after the system came back
    after = department_figures(trial, personas.dept_a.pk)
    assert after["outage_paper"] == 1 and after["paper_only_missed"] == 0
    assert (after["compliance"], after["online_share"]) == (before["compliance"], before["online_share"])
    # a second paper-only document, which the back-registration (one document) does not cover, is a miss
    _arrival(personas)
    later = department_figures(trial, personas.dept_a.pk)
    assert later["paper_only_missed"] == 1 and later["outage_paper"] == 1
    assert later["compliance"] == round(100 * 1 / (1 + 1), 1) and later["online_share"] == round(100 * 1 / (1 + 1), 1)


def test_the_same_paper_only_sending_without_an_outage_lowers_the_rates(trial, personas, dispatched):
    _both(personas, dispatched)
    before = department_figures(trial, personas.dept_a.pk)
    with pytest.raises(ValidationError):
        outage_back_register(actor=personas.clerk_a, sent_at=at(3, 10), counterpart_ids=[personas.dept_b.pk], count=1)
    _arrival(personas)
    after = department_figures(trial, personas.dept_a.pk)
    compliance, share, missed = _expected(personas.dept_a, trial)
    assert missed == 1 and after["paper_only_missed"] == missed and after["outage_paper"] == 0
    assert (after["compliance"], after["online_share"]) == (compliance, share)
    assert after["compliance"] < before["compliance"] and after["online_share"] < before["online_share"]


def test_paper_registered_by_the_receiver_during_the_outage_is_excused(trial, personas, outage, dispatched):
    _both(personas, dispatched)
    _arrival(personas, received_at=at(3, 10, 15))  # inside the window, nothing back-registered by the sender
    figures = department_figures(trial, personas.dept_a.pk)
    assert figures["paper_only_missed"] == 0 and figures["compliance"] == 100.0


def test_withdrawing_the_outage_takes_the_excuse_away(trial, personas, outage, dispatched):
    _both(personas, dispatched)
    outage_back_register(actor=personas.clerk_a, sent_at=at(3, 10), counterpart_ids=[personas.dept_b.pk], count=1)
    outage_withdraw(actor=personas.info_center, outage_id=outage.pk, reason="经核实系统未停机")
    figures = department_figures(trial, personas.dept_a.pk)
    assert figures["outage_paper"] == 0 and figures["paper_only_missed"] == 1
    assert figures["compliance"] == 50.0 and figures["online_share"] == 50.0


# --- excusing: the reconciliation -------------------------------------------------------------------


def test_a_dispatch_inside_an_outage_is_not_a_discrepancy_against_the_sender(trial, personas, dispatched):
    running = outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=1), reason="交换系统故障")
    requirement = PaperRequirement.objects.get(delivery=dispatched())
    # long overdue by the rule's working days
    PaperRequirement.objects.filter(pk=requirement.pk).update(dispatched_on=timezone.localdate() - timedelta(days=20))
    requirement = PaperRequirement.objects.select_related("delivery", "rule").get(pk=requirement.pk)
    assert discrepancy_of(requirement) == ""
    assert reconciliation(personas.info_center, Discrepancy.PAPER_MISSING).rows == []
    outage_withdraw(actor=personas.info_center, outage_id=running.pk, reason="误报")
    assert discrepancy_of(requirement) == Discrepancy.PAPER_MISSING
    assert [r.pk for r in reconciliation(personas.info_center, Discrepancy.PAPER_MISSING).rows] == [requirement.pk]


# --- the notice -------------------------------------------------------------------------------------


def test_the_portal_home_shows_the_notice_and_hides_it_when_withdrawn(personas, outage, client, login):
    from oa.portal.seed import seed_portal

    seed_portal()
    login(personas.staff_a)
    start = timezone.localtime(outage.starts_at)
    text = f"系统停机公告：{start.year}年{start.month}月{start.day}日 9:00 至 11:30，原因：机房供电故障；停机期间以纸质方式发送的公文，请于恢复后补登。"
    assert text in client.get("/").content.decode()
    outage_withdraw(actor=personas.info_center, outage_id=outage.pk, reason="登记有误")
    assert "系统停机公告" not in client.get("/").content.decode()


def test_old_outages_leave_the_notice(personas, client, login, settings):
    from oa.portal.seed import seed_portal

    seed_portal()
    outage_declare(actor=personas.info_center, starts_at=at(9, 9), ends_at=at(9, 10), reason="线路检修")
    login(personas.staff_a)
    assert "系统停机公告" not in client.get("/").content.decode()
    settings.OA_TRIAL_OUTAGE_NOTICE_DAYS = 10
    assert "系统停机公告" in client.get("/").content.decode()


def test_the_trial_home_shows_the_notice_to_clerks(trial, personas, outage, client, login):
    login(personas.clerk_a)
    page = client.get(f"/trial/{trial.pk}/").content.decode()
    assert "系统停机公告" in page and "/trial/outages/back-register/" in page


# --- pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, url, status", [
    ("info_center", "/trial/outages/", 200), ("clerk_a", "/trial/outages/", 200), ("staff_a", "/trial/outages/", 200),
    ("clerk_a", "/trial/outages/back-register/", 200), ("staff_a", "/trial/outages/back-register/", 403),
    ("info_center", "/trial/outages/back-register/", 200),  # every department's items, no form (as the API)
])
def test_outage_pages_answer_with_the_same_checks(trial, personas, client, login, who, url, status):
    login(getattr(personas, who))
    assert client.get(url).status_code == status


def test_the_pages_declare_end_withdraw_and_back_register(trial, personas, client, login):
    login(personas.clerk_a)
    assert client.post("/trial/outages/", {"starts_at": "2026-01-01T09:00", "reason": "x"}).status_code == 403
    client.logout()
    login(personas.info_center)
    start = timezone.localtime() - timedelta(hours=3)
    page = client.post("/trial/outages/", {"starts_at": start.strftime("%Y-%m-%dT%H:%M"), "reason": "核心交换机故障"}, follow=True)
    assert "系统停机已登记" in page.content.decode()
    outage = Outage.objects.get()
    assert outage.state == OutageState.ONGOING
    bad = client.post(f"/trial/outages/{outage.pk}/end/", {"ends_at": "昨天"}, follow=True)
    assert bad.status_code == 200 and "恢复时间格式" in bad.content.decode()
    done = client.post(f"/trial/outages/{outage.pk}/end/", {"ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")},
                       follow=True)
    assert "已登记停机恢复" in done.content.decode()
    assert client.post(f"/trial/outages/{outage.pk}/fly/").status_code == 404
    client.logout()
    login(personas.clerk_a)
    data = {"sent_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "counterparts": [personas.dept_b.pk], "count": 3}
    page = client.post("/trial/outages/back-register/", data, follow=True)
    assert "已补登" in page.content.decode() and OutagePaperItem.objects.get().count == 3
    page = client.post("/trial/outages/back-register/", {**data, "sent_at": (start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    assert page.status_code == 200 and "不在任何已登记的系统停机时段内" in page.content.decode()
    page = client.post("/trial/outages/back-register/", {"count": "很多"})
    assert page.status_code == 200 and OutagePaperItem.objects.count() == 1
    assert client.post(f"/trial/outages/{outage.pk}/withdraw/", {"reason": "误报"}, follow=True).status_code == 200
    assert Outage.objects.get().state == OutageState.ENDED  # a clerk cannot withdraw


# --- API --------------------------------------------------------------------------------------------


def test_outages_through_the_api(trial, personas, client, login):
    start = timezone.localtime() - timedelta(hours=3)
    login(personas.clerk_a)
    refused = client.post("/api/v1/trials/outages/", {"starts_at": start.isoformat(), "reason": "故障"}, content_type=JSON)
    assert refused.status_code == 403
    client.logout()
    login(personas.info_center)
    bad = client.post("/api/v1/trials/outages/", {"starts_at": start.isoformat(), "ends_at": (start - timedelta(hours=1)).isoformat(),
                                                  "reason": "故障"}, content_type=JSON)
    assert bad.status_code == 400 and "恢复时间应晚于" in str(bad.json())
    assert client.post("/api/v1/trials/outages/", {"reason": "故障"}, content_type=JSON).status_code == 400
    made = client.post("/api/v1/trials/outages/", {"starts_at": start.isoformat(), "reason": "机房空调故障"}, content_type=JSON)
    assert made.status_code == 201, made.content
    data = made.json()
    assert data["state"] == "ongoing" and data["available_transitions"] == ["end", "withdraw"] and "系统停机公告" in data["notice"]
    url = f"/api/v1/trials/outages/{data['id']}/"
    assert client.post(url + "fly/", {}, content_type=JSON).status_code == 404
    assert client.post(f"/api/v1/trials/outages/{data['id'] + 99}/end/", {}, content_type=JSON).status_code == 404
    assert client.post(url + "end/", {}, content_type=JSON).status_code == 400
    ended = client.post(url + "end/", {"ends_at": (start + timedelta(hours=2)).isoformat()}, content_type=JSON)
    assert ended.status_code == 200 and ended.json()["state"] == "ended" and ended.json()["back_register_until"]
    assert client.post(url + "end/", {"ends_at": timezone.now().isoformat()}, content_type=JSON).status_code == 409
    assert client.get("/api/v1/trials/outages/").json()["results"][0]["id"] == data["id"]
    client.logout()
    login(personas.clerk_a)
    assert client.post(url + "withdraw/", {"reason": "误报"}, content_type=JSON).status_code == 403
    items = "/api/v1/trials/outages/items/"
    outside = client.post(items, {"sent_at": (start - timedelta(hours=1)).isoformat(), "counterparts": [personas.dept_b.pk],
                                  "count": 1}, content_type=JSON)
    assert outside.status_code == 400 and "不在任何已登记的系统停机时段内" in str(outside.json())
    assert client.post(items, {"sent_at": (start + timedelta(hours=1)).isoformat(), "counterparts": [99999], "count": 1},
                       content_type=JSON).status_code == 400
    assert client.post(items, {"sent_at": "不是时间", "counterparts": [personas.dept_b.pk], "count": 1},
                       content_type=JSON).status_code == 400
    created = client.post(items, {"sent_at": (start + timedelta(hours=1)).isoformat(), "counterparts": [personas.dept_b.pk],
                                  "count": 2}, content_type=JSON)
    assert created.status_code == 201 and created.json()["excused"] is True and created.json()["counterparts"] == [personas.dept_b.pk]
    assert [r["id"] for r in client.get(items).json()["results"]] == [created.json()["id"]]
    client.logout()
    login(personas.clerk_b)
    assert client.get(items).json()["results"] == []  # another department's items are not shown
    client.logout()
    login(personas.staff_a)
    assert client.get(items).status_code == 403
    assert client.post(items, {"sent_at": (start + timedelta(hours=1)).isoformat(), "counterparts": [personas.dept_b.pk],
                               "count": 1}, content_type=JSON).status_code == 403
    client.logout()
    login(personas.info_center)
    withdrawn = client.post(url + "withdraw/", {"reason": "经核实未停机"}, content_type=JSON)
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert client.get(items).json()["results"][0]["excused"] is False


def test_the_information_center_reads_every_departments_back_registrations_but_files_none(trial, personas, client,
                                                                                         login):
    from oa.trial.services.outages import outage_back_register

    running = outage_declare(actor=personas.info_center, starts_at=timezone.now() - timedelta(hours=2), reason="停电")
    outage_back_register(actor=personas.clerk_a, sent_at=timezone.now() - timedelta(hours=1),
                         counterpart_ids=[personas.dept_b.pk], count=2)
    login(personas.info_center)
    page = client.get("/trial/outages/back-register/").content.decode()
    assert "oa-outage-item-form" not in page and personas.dept_a.short_name in page
    assert client.post("/trial/outages/back-register/", {"count": "1"}).status_code == 403
    assert len(client.get("/api/v1/trials/outages/items/").json()["results"]) == 1
    assert OutagePaperItem.objects.count() == 1 and running.pk
