"""Applying a people file (upsert by 账号, initial passwords for new accounts) and a roles file
(grants to existing accounts, the security admin's)."""

from __future__ import annotations

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ImproperlyConfigured, ValidationError

from oa.org.models import Department, Person
from oa.org.passwords import character_classes
from oa.orgimport.services.columns import PERSON_FIELDS
from oa.orgimport.services.report import InitialPassword
from oa.orgimport.services.validating import Run, fields_changed, parse_roles, unknown_roles_message

# No 0/O, 1/l/I: initial passwords are read off a screen or a sheet of paper.
PASSWORD_ALPHABETS = ("abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!@#%+=")


def generate_initial_password() -> str:
    """A random password that passes every configured validator (length, 3 of 4 classes, …)."""
    validators = password_validation.get_default_password_validators()
    length = max([14, *(getattr(v, "min_length", 0) for v in validators)])
    everything = "".join(PASSWORD_ALPHABETS)
    for _ in range(100):
        chars = [secrets.choice(alphabet) for alphabet in PASSWORD_ALPHABETS]  # one of each class
        chars += [secrets.choice(everything) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        candidate = "".join(chars)
        if character_classes(candidate) < 3:
            continue
        try:
            password_validation.validate_password(candidate)
        except ValidationError:
            continue
        return candidate
    raise ImproperlyConfigured("无法生成满足密码策略的初始密码，请检查 AUTH_PASSWORD_VALIDATORS。")


def existing_people(usernames: list[str]) -> dict[str, Person]:
    found = {}
    for start in range(0, len(usernames), 500):
        for person in Person.objects.filter(username__in=usernames[start : start + 500]):
            found[person.username] = person
    return found


def import_people(run: Run) -> None:
    table = run.table
    departments = list(Department.objects.all())
    by_slug = {d.slug: d for d in departments}
    by_name = {d.name: d for d in departments}
    existing = existing_people([row["账号"] for _, row in table.rows if row["账号"]])
    fields = ["name", "department_id", *[PERSON_FIELDS[h] for h in ("职务", "电话") if table.has(h)]]
    seen: dict[str, int] = {}
    for number, row in table.rows:
        username = row["账号"]
        if not run.duplicate_check(seen, username, number, "账号"):
            continue
        errors_before = run.error_total
        person = existing.get(username) or Person(username=username)
        is_new = person.pk is None
        before = {name: getattr(person, name) for name in fields}
        department = by_slug.get(row["单位"]) or by_name.get(row["单位"])
        if not row["单位"]:
            run.error(number, "单位不能为空。")
        elif department is None:
            run.error(number, f"单位“{row['单位']}”不存在（请填写单位的简拼或单位名称）。")
        person.name, person.department = row["姓名"], department
        if table.has("职务"):
            person.position = row["职务"]
        if table.has("电话"):
            person.phone = row["电话"]
        changed = is_new or fields_changed(person, fields, before)
        if changed:
            try:
                person.full_clean(exclude=["password"] if department else ["password", "department"])
            except ValidationError as exc:
                run.model_errors(number, exc, person, PERSON_FIELDS)
        roles, unknown = parse_roles(row.get("角色", ""))
        if unknown:
            run.error(number, unknown_roles_message(unknown))
        raw_password = row.get("初始密码", "") if is_new else ""  # never resets an existing account
        if raw_password:
            try:
                password_validation.validate_password(raw_password, user=person)
            except ValidationError as exc:
                run.error(number, "初始密码不符合密码策略：" + "".join(exc.messages))
        if run.error_total > errors_before:
            continue
        if is_new:
            _set_initial_password(run, person, raw_password)
        if changed and not run.save(number, person):
            continue
        if roles:
            run.grant(number, person, roles)
        if is_new:
            run.created += 1
        elif changed:
            run.updated += 1
        else:
            run.unchanged += 1


def _set_initial_password(run: Run, person: Person, raw_password: str) -> None:
    if run.dry_run:
        person.set_unusable_password()  # nothing will be kept: spare the deliberately slow hashing
    else:
        password = raw_password or generate_initial_password()
        person.set_password(password)
        if not raw_password:
            run.initial_passwords.append(InitialPassword(username=person.username, name=person.name, password=password))
    person.password_changed_at = None  # an initial password must be changed at first login


# --- role assignments (the security admin) ------------------------------------------------------


def import_roles(run: Run) -> None:
    table = run.table
    existing = existing_people([row["账号"] for _, row in table.rows if row["账号"]])
    seen: dict[str, int] = {}
    for number, row in table.rows:
        username = row["账号"]
        if not run.duplicate_check(seen, username, number, "账号"):
            continue
        person = existing.get(username)
        if person is None:
            run.error(number, f"账号“{username}”不存在：请先由系统管理员导入人员。")
            continue
        if row.get("姓名") and row["姓名"] != person.name:
            run.error(number, f"账号“{username}”的姓名是“{person.name}”，与表中的“{row['姓名']}”不一致。")
            continue
        roles, unknown = parse_roles(row["角色"])
        if unknown:
            run.error(number, unknown_roles_message(unknown))
            continue
        if not roles:
            run.error(number, "角色不能为空。")
            continue
        run.grant(number, person, roles)
