"""Who may see and decide held uploads.

The security officer (保密员) of the uploader's department reviews that department's held uploads
and sees its refused attempts; the information center sees every department's, read-only.
Nobody reviews their own upload. The uploader sees their own records.
"""

from oa.org.choices import Role


def can_see_review_queue(person) -> bool:
    return person.is_authenticated and person.has_role(Role.SECURITY_OFFICER, Role.INFO_CENTER)


def can_see_record(person, record) -> bool:
    if not person.is_authenticated:
        return False
    if record.person_id == person.pk or person.has_role(Role.INFO_CENTER):
        return True
    return person.has_role(Role.SECURITY_OFFICER) and person.department_id is not None and (
        record.department_id == person.department_id
    )


def can_review(person, record) -> bool:
    return (
        person.is_authenticated
        and person.has_role(Role.SECURITY_OFFICER)
        and person.department_id is not None
        and record.department_id == person.department_id
        and record.person_id != person.pk
    )
