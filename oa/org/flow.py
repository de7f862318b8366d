"""当前办理人 and the flow picture of a document, a delivery or anything else with a registered workflow.

Who acts now is read from the workflow's table (`oa.core.workflow`): the rows of the current state that
wait for somebody, each rule's `person_ids`, and the people's names and departments in one query. The
steps come from the state graph (`oa.core.flow_picture`). The page (`{% flow_picture obj %}`, org_flow
template tags) and the JSON API (`current_handlers`, `flow`) show the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from oa.core.flow_picture import Step, flow_steps, workflow_of
from oa.core.workflow import SYSTEM, Workflow
from oa.org.choices import Role
from oa.org.models import Person

ROLE_LABELS = dict(Role.choices)
SHOWN_NAMES = 8  # a role held by many shows the first few and a count


@dataclass
class Handlers:
    """One rule of the current state that waits: what it is called and who that is now."""

    role: str
    people: list = field(default_factory=list)

    @property
    def shown(self) -> list:
        return self.people[:SHOWN_NAMES]

    @property
    def more(self) -> int:
        return max(0, len(self.people) - SHOWN_NAMES)


@dataclass
class Flow:
    steps: list[Step]
    handlers: list[Handlers]

    @property
    def people(self) -> list:
        """Everyone who acts now, each once, in the order shown."""
        seen: dict[int, object] = {}
        for group in self.handlers:
            for person in group.people:
                seen.setdefault(person.pk, person)
        return list(seen.values())


def role_text(rule) -> str:
    """What a rule is called: its label, and — when it stands for several roles — which:
    核稿人（办公室主任或处室负责人）. A rule may say it itself (`detail`: 签发人)."""
    detail = getattr(rule, "detail", None)
    if detail is None:
        roles = getattr(rule, "roles", ())
        names = [ROLE_LABELS.get(role, role) for role in roles]
        detail = "或".join(names) if len(names) > 1 else None
    return f"{rule.label}（{detail}）" if detail else rule.label


def current_handlers(workflow: Workflow, obj) -> list[Handlers]:
    """The rules of the object's current state that wait for somebody, with the people each names now
    (active or not: a named drafter who has left still shows). One query for all the names. A rule that is only
    told (`listed=False`: nothing left for them to do, e.g. the clerks once a document is issued) is no 办理人."""
    groups: list[tuple[str, set[int]]] = []
    for row in workflow.table.get(workflow.state(obj), ()):
        if not row.waits or not row.listed or row.who is SYSTEM:
            continue
        ids = {pk for pk in row.who.person_ids(obj) if pk is not None}
        text = role_text(row.who)
        for n, (known, known_ids) in enumerate(groups):
            if known == text:
                groups[n] = (known, known_ids | ids)
                break
        else:
            groups.append((text, ids))
    wanted = set().union(*(ids for _, ids in groups)) if groups else set()
    people = {p.pk: p for p in Person.objects.filter(pk__in=wanted).select_related("department")} if wanted else {}
    result = []
    for text, ids in groups:
        found = sorted((people[pk] for pk in ids if pk in people), key=_person_order)
        result.append(Handlers(role=text, people=found))
    return result


def _person_order(person):
    department = person.department
    return (department.sort_order if department else 1 << 30, department.pk if department else 0, person.pk)


def flow_of(obj, workflow: Workflow | None = None) -> Flow | None:
    """The object's steps and 当前办理人 (None when no workflow is registered for its model). Memoised on the
    object, so that the page and the API serializer ask once."""
    cached = obj.__dict__.get("_oa_flow")
    if cached is not None:
        return cached
    workflow = workflow or workflow_of(obj)
    if workflow is None:
        return None
    flow = Flow(steps=flow_steps(workflow, obj), handlers=current_handlers(workflow, obj))
    obj.__dict__["_oa_flow"] = flow
    return flow
