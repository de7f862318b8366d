"""Who may do what to an outgoing document (发文): the workflow's one table, and the predicates around it.

Every check in the app comes through `may`, which reads `DOCUMENT_FLOW`; notifications
(`services/notify.py`) and 待办 (`todo.py`) read the same table.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone

from documents.choices import Direction, DocumentState
from documents.models import Countersign, Document, JointIssuer, SigningAuthority
from oa.core.flow_picture import route
from oa.core.workflow import Workflow, register, turn
from oa.org.actors import LEADERS, Named, RoleIn
from oa.org.choices import Role
from oa.org.models import Person

S = DocumentState


class PendingCountersigner:
    """Whoever 会签 still waits for: a co-signer chosen by name who has not signed yet, and — on a
    joint document (联合行文) — the 主要负责人 of each co-issuing organ that has not countersigned yet
    (联署机关负责人会签, in their own department's 待办). One rule, so that one 待办 query serves both."""

    label = "会签人"

    def matches(self, person, document) -> bool:
        return is_pending_countersigner(person, document) or is_pending_joint_head(person, document)

    def person_ids(self, document) -> set[int]:
        people = set(document.countersigns.filter(signed_at__isnull=True).values_list("person_id", flat=True))
        if document.joint:
            from oa.org.models import Person

            departments = document.joint_issuers.filter(countersigned_at__isnull=True).values("department_id")
            people |= set(Person.objects.filter(is_active=True, department_id__in=departments,
                                                role_grants__role=Role.PRINCIPAL_HEAD).values_list("id", flat=True))
        return people

    def waiting(self, person):
        if not person.pk:
            return None
        if not (person.department_id and person.has_role(Role.PRINCIPAL_HEAD)):
            return Q(countersigns__person=person, countersigns__signed_at__isnull=True)
        # OR-ed with the co-issuers' heads, the co-signer by name is a subquery too: a join to the 会签 rows
        # would give the document once per row whenever the other side holds.
        mine = Countersign.objects.filter(document=OuterRef("pk"), person=person, signed_at__isnull=True)
        unsigned = JointIssuer.objects.filter(document=OuterRef("pk"), department_id=person.department_id,
                                              countersigned_at__isnull=True)
        return Q(Exists(mine)) | (Q(joint=True) & Q(Exists(unsigned)))


def authority_for(person, *, doc_type=None, department_id=None):
    """The newest authorisation in force today letting `person` sign a document of `doc_type` for
    `department_id` — by default the outer document's (OuterRef): a subquery of its id."""
    return (
        SigningAuthority.objects.in_force(timezone.localdate())
        .covering(OuterRef("doc_type") if doc_type is None else Value(doc_type))
        .filter(grantee_id=person.pk,
                department_id=OuterRef("drafting_department_id") if department_id is None else department_id)
        .order_by("-id").values("id")[:1]
    )


AUTHORITY_ANNOTATION = "viewer_signing_authority_id"


def remember_authority(document, person) -> None:
    """A document read with `authority_for(person)` annotated (documents/selectors.py): keep the answer so
    that neither the page nor the 签发 step asks again."""
    if hasattr(document, AUTHORITY_ANNOTATION):
        document.__dict__.setdefault("_signing_authorities", {})[person.pk] = getattr(document, AUTHORITY_ANNOTATION)


def signing_authority(person, document) -> int | None:
    """The id of the authorisation in force today under which `person` may sign `document` for its
    department (the newest, if several), or None. Read with the document where it was read for this
    person (document_for), otherwise once per person and document instance."""
    cache = document.__dict__.setdefault("_signing_authorities", {})
    if person.pk not in cache:
        row = authority_for(person, doc_type=document.doc_type, department_id=document.drafting_department_id).first()
        cache[person.pk] = row["id"] if row else None
    return cache[person.pk]


class Signer:
    """签发人 (条例 art. 22), in the drafting department: its 主要负责人 signs anything; a 分管领导 signs what
    is not a 上行文, and a 上行文 only under an authorisation of the 主要负责人 in force today for its kind
    (then as 代签). A 处室负责人 never signs. One rule, so that whom to tell costs one query as before."""

    label = "签发人"
    detail = "本单位主要负责人，或分管领导"  # 当前办理人 on the flow picture (oa/org/flow.py)

    def matches(self, person, document) -> bool:
        if not person.department_id or person.department_id != document.drafting_department_id:
            return False
        if person.has_role(Role.PRINCIPAL_HEAD):
            return True
        if not person.has_role(Role.LEADER):
            return False
        return document.direction != Direction.UPWARD or signing_authority(person, document) is not None

    def person_ids(self, document) -> set[int]:
        department_id = document.drafting_department_id
        if not department_id:
            return set()
        people = Person.objects.filter(is_active=True, department_id=department_id)
        if document.direction != Direction.UPWARD:
            people = people.filter(role_grants__role__in=LEADERS)
        else:
            authorised = SigningAuthority.objects.in_force(timezone.localdate()).covering(
                Value(document.doc_type)).filter(department_id=department_id).values("grantee_id")  # any grantee
            people = people.filter(Q(role_grants__role=Role.PRINCIPAL_HEAD)
                                   | Q(role_grants__role=Role.LEADER, pk__in=authorised))
        return set(people.values_list("id", flat=True).distinct())

    def waiting(self, person) -> Q | None:
        if not person.department_id or not person.has_role(*LEADERS):
            return None
        mine = Q(drafting_department_id=person.department_id)
        if person.has_role(Role.PRINCIPAL_HEAD):
            return mine
        return mine & (~Q(direction=Direction.UPWARD) | Q(Exists(authority_for(person))))


DRAFTER = Named("拟稿人", "drafter")
OFFICE_DIRECTOR = RoleIn("办公室主任", (Role.OFFICE_DIRECTOR,), "drafting_department")
# 核稿: the office director or a 处室负责人 of the drafting department (who reviews but never signs).
REVIEWER = RoleIn("核稿人", (Role.OFFICE_DIRECTOR, Role.SECTION_HEAD), "drafting_department")
SIGNER = Signer()
CLERK = RoleIn("收发员/文书", (Role.CLERK,), "drafting_department")
ARCHIVIST = RoleIn("档案员", (Role.ARCHIVIST,), "drafting_department")
COUNTERSIGNER = PendingCountersigner()

# The office director may void the document in every state before it goes out.
VOID_BY_DIRECTOR = turn(OFFICE_DIRECTOR, "void", waits=False)

DOCUMENT_FLOW = register(Workflow(
    name="document",
    model=Document,
    labels={
        "edit": "修改", "submit": "提交核稿", "review": "核稿通过", "countersign": "会签", "sign": "签发",
        "check": "复核通过", "resign": "退回重新签发", "number": "编号", "seal": "用印", "dispatch": "核发",
        "archive": "归档", "return": "退回拟稿人", "withdraw": "撤回", "void": "作废",
    },
    moves={
        "submit": ("submit",), "review": ("review_to_countersign", "review_to_signing"),
        "countersign": ("countersign_complete",), "sign": ("sign",), "check": ("recheck",), "resign": ("resign",),
        "number": ("assign_number",), "seal": ("seal",), "dispatch": ("dispatch",), "archive": ("archive",),
        "return": ("return_to_drafter",), "withdraw": ("withdraw",), "void": ("void",),
    },
    table={
        # A draft waits for its drafter only once it came back (a new draft is not 待办).
        S.DRAFT: (turn(DRAFTER, "edit", "submit", "void", todo=~Q(return_reason="")), VOID_BY_DIRECTOR),
        S.REVIEW: (turn(REVIEWER, "review", "return"), turn(OFFICE_DIRECTOR, "void", waits=False),
                   turn(DRAFTER, "withdraw", "void", waits=False)),
        S.COUNTERSIGN: (turn(COUNTERSIGNER, "countersign", "return"), turn(DRAFTER, "withdraw", waits=False),
                        VOID_BY_DIRECTOR),
        S.SIGNING: (turn(SIGNER, "sign", "return"), turn(DRAFTER, "withdraw", waits=False), VOID_BY_DIRECTOR),
        S.CHECK: (turn(OFFICE_DIRECTOR, "check", "resign", "return", "void"),),
        S.NUMBERING: (turn(CLERK, "number"), VOID_BY_DIRECTOR),
        S.SEALING: (turn(CLERK, "seal"), VOID_BY_DIRECTOR),
        S.DISPATCH: (turn(CLERK, "dispatch"), VOID_BY_DIRECTOR),
        # 归档 is the drafting department's 档案员's (oa.archives files the 件, DA/T 22-2015): an issued document
        # waits for them (their 待办 lists it as 待归档, documents/todo.py). The clerks are still told (their 待办
        # badge drops the issued document), with nothing left for them to do; both role rules are asked in one
        # query for whom to tell (Workflow.waiting_ids).
        S.DISPATCHED: (turn(ARCHIVIST, "archive"), turn(CLERK, listed=False)),
    },
))

ACTION_LABELS = DOCUMENT_FLOW.labels

# Several steps in one click, each still a step of its own (its checks, its trail row, its ledger entry), all in
# one transaction (services/actions.py). Offered only where the table above lets the same person take every
# step in turn (Workflow.may_in_turn) — no rule of its own.
IN_TURN = {"issue": ("number", "seal", "dispatch")}
IN_TURN_LABELS = {"issue": "编号、用印并核发"}


def may_in_turn(person, name: str, document) -> bool:
    return DOCUMENT_FLOW.may_in_turn(person, IN_TURN[name], document)


def _skips(document):
    """会签 is on the way only of a document with co-signers (read from the page's prefetch) or a joint one."""
    return () if document.joint or document.countersigns.all() else (S.COUNTERSIGN,)


# The flow picture (oa/core/flow_picture.py): which optional step a document passes, and a returned draft's word.
route(DOCUMENT_FLOW, skips=_skips,
      note=lambda document: "退回修改" if document.state == S.DRAFT and document.return_reason else None)


def is_pending_countersigner(person, document) -> bool:
    return any(row.person_id == person.pk and row.signed_at is None for row in document.countersigns.all())


def is_pending_joint_head(person, document) -> bool:
    """The 主要负责人 of a co-issuing organ whose 联署会签 is still open."""
    if not document.joint or not person.department_id or not person.has_role(Role.PRINCIPAL_HEAD):
        return False
    return any(row.department_id == person.department_id and row.countersigned_at is None
               for row in document.co_issuers())


def standin_authority(person, document) -> int | None:
    """The id of the authorisation `person` signs `document` under — a 分管领导 signing a 上行文, which is
    代签 — or None when he or she signs in his or her own right (the 主要负责人; anyone on what is not a 上行文)."""
    if person.has_role(Role.PRINCIPAL_HEAD) or document.direction != Direction.UPWARD:
        return None
    return signing_authority(person, document)


def may(person, action: str, document) -> bool:
    """May `person` take `action` on `document` now (its current state included)?"""
    return DOCUMENT_FLOW.may(person, action, document)


def available_actions(person, document) -> list[str]:
    return DOCUMENT_FLOW.actions_for(person, document, among=[a for a in ACTION_LABELS if a != "edit"])


def may_draft(person) -> bool:
    return person.is_authenticated and person.department_id is not None


def may_manage_signing(person) -> bool:
    """The 签发授权 page and API: a 主要负责人 (for his or her department) and the system admin (for any)."""
    return person.is_authenticated and person.has_role(Role.PRINCIPAL_HEAD, Role.SYSTEM_ADMIN)


def may_grant_signing(person, department_id) -> bool:
    """May `person` grant or revoke signing authorisations of this department?"""
    if not may_manage_signing(person) or not department_id:
        return False
    return person.has_role(Role.SYSTEM_ADMIN) or person.department_id == department_id
