"""待办 for clerks: paper to record, paper to confirm, discrepancies owed, the usage report to file, and
the working group / 网上审批业务咨询电话 the department still owes (before and after its due date)."""

from __future__ import annotations

from django.db.models import CharField, Value
from django.urls import reverse
from django.utils import timezone

from oa.core.todo import BADGE_CAP, TodoItem, TodoSource
from oa.trial.choices import PaperState, ReportState
from oa.trial.models import PaperRequirement, TrialParticipant, UsageReport
from oa.trial.people import owed_groups_q, owed_phones_q
from oa.trial.permissions import GROUP_WAITING, PAPER_FLOW, REPORT_FLOW

P = PaperState

# What the clerk is to do, by the state the paper waits for them in (PAPER_FLOW says who and when).
PAPER_TODO = {P.AWAITING: "登记纸质件送出", P.EXEMPT: "登记急件传输方式", P.SENT: "确认收到纸质件",
              P.CONFIRMED: "核对纸质件份数"}


def _paper_conditions(person) -> list:
    return [(condition, label) for state, label in PAPER_TODO.items()
            if (condition := PAPER_FLOW.waiting_in(person, state)) is not None]


def paper_counter(person) -> list:
    """The badge's count of paper_source: the same papers and the same things owed, in the one badge query.
    Each waiting state its own namespace (a paper is in one state: the count is the same), for paper_listed's labels."""
    papers = [(f"paper:{label}", PaperRequirement.objects.filter(condition)) for condition, label in _paper_conditions(person)]
    return papers + [(kind, queryset, field) for kind, queryset, field in _owed_parts(person)]


def paper_listed(person, found: dict, limit: int) -> TodoSource:
    """paper_source from the ids oa.core.todo found for every provider at once: one query for the papers,
    one for what the department owes (only when it owes something)."""
    labels = {pk: namespace.removeprefix("paper:") for namespace, ids in found.items() if namespace.startswith("paper:")
              for pk in ids}
    ids = sorted(labels, reverse=True)[:limit]
    rows = (PaperRequirement.objects.filter(pk__in=ids).order_by("-id")
            .select_related("delivery__department", "delivery__document__issuing_department")) if ids else []
    owing = _department_owes(person) if any(kind in found for kind in OWED_LABELS) else []
    items = [_owed_item(*row) for row in owing] + [_paper_item(person, labels[req.pk], req) for req in rows]
    return TodoSource(kind="trial", label="双轨试运行", count=0, items=items[:limit])


def paper_source(person, limit: int = 20) -> TodoSource:
    if not person.is_authenticated:
        return TodoSource(kind="trial", label="双轨试运行", count=0)
    conditions = _paper_conditions(person)
    cap = BADGE_CAP + 1
    if not limit:  # the badge, on every page: ids only (whole rows of three joined models cost several ms each, benchmarks.md)
        waiting = sum(len(PaperRequirement.objects.filter(condition).values_list("pk", flat=True)[:cap]) for condition, _ in conditions)
        return TodoSource(kind="trial", label="双轨试运行", count=min(waiting + len(_department_owes(person)), cap))
    rows: list[tuple[int, str, PaperRequirement]] = []
    for condition, label in conditions:
        for requirement in (PaperRequirement.objects.filter(condition).select_related("delivery__department", "delivery__document__issuing_department")
                            .order_by("-id")[: max(limit, cap)]):
            rows.append((requirement.pk, label, requirement))
    owing = _department_owes(person)
    count = min(len(rows) + len(owing), cap)
    items = [_owed_item(*row) for row in owing]
    items += [_paper_item(person, label, req) for _, label, req in sorted(rows, key=lambda row: -row[0])]
    return TodoSource(kind="trial", label="双轨试运行", count=count, items=items[:limit])


def _paper_item(person, label: str, req) -> TodoItem:
    return TodoItem(title=f"【{label}】{req.delivery.title}（{_other_side(person, req.delivery)}）", url=reverse("trial-paper", args=[req.pk]),
                    kind="trial-paper", waiting_since=req.delivery.sent_at, urgency=req.delivery.urgency)


def _other_side(person, delivery) -> str:
    """One document sent to fifteen units is fifteen papers to record: each row names the unit at the other end
    (the receiving unit for the sender's clerk; 来自 the sending unit for the receiver's)."""
    if delivery.department_id == person.department_id:
        return f"来自{delivery.document.issuing_department.name}" if delivery.document_id else "来文"
    return f"送{delivery.department.name}"


KIND = CharField()
OWED_LABELS = {"report": "用户使用报告", "group": "报送试运行工作组", "phone": "报送网上审批业务咨询电话"}


def _department_owes(person) -> list[tuple]:
    """What the clerk's department owes the information center, in ONE query (the badge is on every page):
    its usage report still 填写中, its working group and (an approval unit) its 咨询电话 while missing —
    (id, programme name, due date, kind) rows, the id being the report's or the programme's."""
    owed = _owed_parts(person)
    if not owed:
        return []
    parts = []
    for kind, queryset, field in owed:
        due = "programme__end_date" if kind == "report" else "programme__groups_due"
        parts.append(queryset.annotate(kind=Value(kind, output_field=KIND)).values_list(field, "programme__name", due, "kind"))
    first, *rest = parts
    rows = list((first.union(*rest) if rest else first)[:20])  # UNION: one row per programme and kind
    order = list(OWED_LABELS)
    return sorted(rows, key=lambda row: (order.index(row[3]), row[0]))


def _owed_parts(person) -> list[tuple]:
    """(kind, queryset, id field) for each thing the clerk's department may owe: the list and the badge's count."""
    parts = []
    report_waiting = REPORT_FLOW.waiting_in(person, ReportState.DRAFT)
    if report_waiting is not None:
        parts.append(("report", UsageReport.objects.filter(report_waiting), "pk"))
    group_waiting = GROUP_WAITING.waiting(person)
    if group_waiting is not None:
        for kind, condition in (("group", owed_groups_q()), ("phone", owed_phones_q())):
            parts.append((kind, TrialParticipant.objects.filter(group_waiting & condition), "programme_id"))
    return parts


def _owed_item(pk, programme_name, due, kind) -> TodoItem:
    if kind == "report":
        return TodoItem(title=f"【用户使用报告】{programme_name}", url=reverse("trial-report", args=[pk]), kind="trial-report")
    when = ""
    if due is not None:
        late = due < timezone.localdate()
        when = f"（{'已逾期，应于' if late else '请于'}{due.month}月{due.day}日前报送）"
    return TodoItem(title=f"【{OWED_LABELS[kind]}】{programme_name}{when}", url=reverse("trial-people", args=[pk]),
                    kind=f"trial-{kind}")


def report_counter(person) -> list:
    waiting = REPORT_FLOW.waiting_in(person, ReportState.AWAITING_LEADER) if person.is_authenticated else None
    return [] if waiting is None else [("usage-report", UsageReport.objects.filter(waiting))]


def report_source(person, limit: int = 20) -> TodoSource:
    """待办 for a department's leader: the usage reports waiting for their approval (审核报送)."""
    waiting = REPORT_FLOW.waiting_in(person, ReportState.AWAITING_LEADER) if person.is_authenticated else None
    if waiting is None:
        return TodoSource(kind="trial-report", label="用户使用报告审核", count=0)
    reports = list(UsageReport.objects.filter(waiting)
                   .select_related("programme").order_by("submitted_at", "id")[: BADGE_CAP + 1])
    return _reports(reports[:limit], count=len(reports))


def report_listed(person, found: dict, limit: int) -> TodoSource:
    """report_source from the ids oa.core.todo found for every provider at once (the same order)."""
    ids = found.get("usage-report", [])
    reports = UsageReport.objects.filter(pk__in=ids).select_related("programme").order_by("submitted_at", "id")[:limit] if ids and limit else []
    return _reports(reports, count=0)


def _reports(reports, count: int) -> TodoSource:
    items = [TodoItem(title=f"【审核用户使用报告】{r.programme.name}", url=reverse("trial-report", args=[r.pk]),
                      kind="trial-report", waiting_since=r.submitted_at) for r in reports]
    return TodoSource(kind="trial-report", label="用户使用报告审核", count=count, items=items)
