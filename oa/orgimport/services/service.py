"""`org_import`: who may import which kind, the classification gate, the all-or-nothing run of the
rows, and one ledger entry per attempt."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.ledger_actions import ORG_IMPORT
from oa.org.models import Person
from oa.org.permissions import can_grant_roles, can_import_org, may_import
from oa.orgimport.services.columns import DEPARTMENTS, KIND_LABELS, PEOPLE, ROLES
from oa.orgimport.services.departments import import_departments
from oa.orgimport.services.people import import_people, import_roles
from oa.orgimport.services.reading import ImportFileError, read_table
from oa.orgimport.services.report import ImportResult
from oa.orgimport.services.validating import Run
from oa.uploads.gate import upload_accept


def may_import_kind(actor, kind: str) -> bool:
    if actor is None:  # the command line, run by whoever administers the server
        return True
    return can_grant_roles(actor) if kind == ROLES else can_import_org(actor)


def _deny(actor, *, filename: str, kind: str, reason: str, via: str):
    # Ledgered in a transaction of its own, so that the refusal survives any caller's rollback.
    with transaction.atomic():
        ledger_record(
            actor=actor, action=ORG_IMPORT, outcome=Outcome.DENIED,
            data={"kind": kind, "filename": filename[:200], "via": via, "reason": reason},
        )
    raise PermissionDenied(reason)


IMPORTERS = {DEPARTMENTS: import_departments, PEOPLE: import_people, ROLES: import_roles}


def _ledger(actor, result: ImportResult, *, filename: str, via: str, error_total: int) -> None:
    ledger_record(
        actor=actor,
        action=ORG_IMPORT,
        outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
        data={
            "kind": result.kind,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rows": result.rows,
            "dry_run": result.dry_run,
            "errors": error_total,
            "filename": filename[:200],
            "via": via,
        },
    )


def org_import(
    *, actor: Person | None, filename: str, content: bytes, dry_run: bool = False, size: int | None = None,
    via: str = "web", gate: dict | None = None,
) -> ImportResult:
    """Import one CSV or XLSX file of departments, people or role assignments.

    `actor` None means the command line (the system). `size` is the uploaded file's true size when
    the bytes may have been cut short on the way in (the upload handler keeps a bounded prefix).
    Returns an ImportResult; with errors nothing was written. Raises PermissionDenied (ledgered)
    when the actor may not import this kind of file.

    A person's file passes the classification gate first (`gate`: the declaration fields, see
    oa.uploads.forms.DeclarationForm); a refusal raises UploadRefused/UploadHeld and imports nothing.
    The command line (actor None) is the server's operator and is ledgered as the system.
    """
    if actor is not None and not may_import(actor):
        _deny(actor, filename=filename, kind="", via=via,
              reason="只有系统管理员（单位、人员）或安全管理员（角色）可以导入组织机构数据。")
    if actor is not None:
        undeclared = {"declaration_accepted": False, "declaration_version": "", "declared_level": ""}
        upload_accept(actor=actor, name=filename, content=content, size=size, purpose="组织机构导入",
                      **{**undeclared, **(gate or {})})
    try:
        table = read_table(filename=filename, content=content, size=size)
    except ImportFileError as exc:
        result = ImportResult(kind="", dry_run=dry_run, errors=[str(exc)], error_total=1)
        with transaction.atomic():
            _ledger(actor, result, filename=filename, via=via, error_total=1)
        return result

    if not may_import_kind(actor, table.kind):
        if table.kind == ROLES:
            reason = "角色只能由安全管理员导入（三员分立）。"
        elif can_grant_roles(actor):
            reason = (f"只有系统管理员可以导入{KIND_LABELS[table.kind]}。安全管理员请导入只含“账号”“角色”"
                      "（可加“姓名”用于核对）列的角色表。")
        else:
            reason = f"只有系统管理员可以导入{KIND_LABELS[table.kind]}。"
        _deny(actor, filename=filename, kind=table.kind, via=via, reason=reason)
    if table.kind == PEOPLE and any(row.get("角色") for _, row in table.rows) and not (
        actor is None or can_grant_roles(actor)
    ):
        _deny(
            actor, filename=filename, kind=table.kind, via=via,
            reason="人员表中的“角色”列须留空：角色只能由安全管理员授予（三员分立）。请清空或删除该列后重新导入，"
            "再由安全管理员导入只含“账号”“角色”两列的角色表。",
        )

    run = Run(actor=actor, table=table, dry_run=dry_run)
    with transaction.atomic():
        with transaction.atomic():  # a savepoint: the rows, undone on any error or on a dry run
            IMPORTERS[table.kind](run)
            if run.error_total or dry_run:
                transaction.set_rollback(True)
        errors = list(run.errors)
        if run.error_total > len(errors):
            errors.append(f"……另有 {run.error_total - len(errors)} 处错误未列出。")
        result = ImportResult(
            kind=table.kind,
            dry_run=dry_run,
            rows=len(table.rows),
            created=0 if errors else run.created,
            updated=0 if errors else run.updated,
            unchanged=0 if errors else run.unchanged,
            errors=errors,
            initial_passwords=[] if errors or dry_run else run.initial_passwords,
            error_total=run.error_total,
        )
        _ledger(actor, result, filename=filename, via=via, error_total=run.error_total)
    return result
