"""factory_boy factories for the organisation."""

import factory

from oa.org.models import Department, Person
from oa.org.services.roles import role_grant

TEST_PASSWORD = "Test-pass-2026"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试局{n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    # n written in the ten heavenly stems: unique, Chinese, and short (the column holds 20 characters).
    organ_code = factory.Sequence(lambda n: "韶测" + "".join("甲乙丙丁戊己庚辛壬癸"[int(d)] for d in str(n)))
    slug = factory.Sequence(lambda n: f"dept{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    name = factory.Sequence(lambda n: f"测试人员{n}")
    department = factory.SubFactory(DepartmentFactory)
    position = "科员"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save()


def person_with_role(username, department, role, position="", **fields):
    """A person of `department` holding `role` (granted by the system, as the demo data is)."""
    person = PersonFactory(username=username, department=department, position=position, **fields)
    role_grant(actor=None, person=person, role=role, system=True)
    return person
