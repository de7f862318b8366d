"""Every read of organisation data."""

from django.db.models import Prefetch, Q

from oa.org.models import Department, Person, RoleGrant


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
