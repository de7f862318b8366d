"""Every read of organisation data."""

from django.db.models import Prefetch, Q

from oa.core.pagination import Page, keyset
from oa.org.choices import Role
from oa.org.models import ApiToken, Department, NumberSeries, Person, Phrase, RoleGrant
from oa.org.permissions import can_manage_all_tokens


def departments_active():
    return Department.objects.filter(is_active=True).select_related("parent")


def people_directory(*, department_id: int | None = None, q: str = ""):
    people = Person.objects.filter(is_active=True).select_related("department").prefetch_related(
        Prefetch("role_grants", queryset=RoleGrant.objects.only("id", "person_id", "role"))
    )
    if department_id:
        people = people.filter(department_id=department_id)
    if q:
        people = people.filter(Q(name__contains=q) | Q(username__icontains=q) | Q(position__contains=q))
    return people


def role_grants_list(*, department_id: int | None = None, role: str = ""):
    grants = RoleGrant.objects.select_related("person", "person__department", "granted_by").order_by(
        "person__department__sort_order", "person_id", "role"
    )
    if department_id:
        grants = grants.filter(person__department_id=department_id)
    if role:
        grants = grants.filter(role=role)
    return grants


def api_tokens_visible(person, *, person_id: int | None = None):
    """The personal tokens `person` may see and revoke: their own, or everybody's for the security admin."""
    tokens = ApiToken.objects.select_related("person", "person__department")
    if not can_manage_all_tokens(person):
        return tokens.filter(person=person)
    return tokens.filter(person_id=person_id) if person_id else tokens


# --- 常用意见 -------------------------------------------------------------------------------------
PHRASE_ORDER = ("position", "id")  # the person's own order; id breaks a tie, so the last key is unique


def phrases_of(person):
    """The person's own 常用意见 — nobody else's: another person's phrase does not exist for them (404)."""
    return Phrase.objects.filter(person_id=person.pk)


def phrase_page(person, *, before=None, size: int) -> Page:
    return keyset(phrases_of(person), before=before, size=size, order=PHRASE_ORDER)


def phrase_texts(person) -> list[str]:
    """The texts of the person's own 常用意见 in their order: one query."""
    return list(phrases_of(person).order_by(*PHRASE_ORDER).values_list("text", flat=True))


# --- 发文字号序列 ----------------------------------------------------------------------------------

def series_visible_to(person, *, department_id: int | None = None):
    """The series a person may read: every organ's for the system admin, their own organ's (the joint ones
    it shares included) for everyone else; `department_id` narrows to one organ's."""
    series = NumberSeries.objects.prefetch_related(Prefetch("organs", queryset=Department.objects.order_by("sort_order", "id")))
    if not person.has_role(Role.SYSTEM_ADMIN):
        series = series.filter(organs=person.department_id) if person.department_id else series.none()
    if department_id:
        series = series.filter(organs=department_id)
    return series.distinct()
