"""Applying a departments file: upsert by 简拼, then parents in a second pass (with cycle checks)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from oa.org.models import Department
from oa.orgimport.services.columns import DEPARTMENT_FIELDS, KINDS_BY_LABEL, PILOT_COLUMNS
from oa.orgimport.services.validating import Run, fields_changed, yes_no


def import_departments(run: Run) -> None:
    table = run.table
    existing = {d.slug: d for d in Department.objects.all()}
    fields = ["name", "short_name", "organ_code", *[f for h, f in PILOT_COLUMNS.items() if table.has(h)],
              *(["kind"] if table.has("类别") else [])]
    seen: dict[str, int] = {}
    saved: list[tuple[int, Department]] = []
    changed_ids: set[int] = set()
    new_ids: set[int] = set()
    for number, row in table.rows:
        slug = row["简拼"]
        if not run.duplicate_check(seen, slug, number, "简拼"):
            continue
        department = existing.get(slug) or Department(slug=slug)
        is_new = department.pk is None
        before = {name: getattr(department, name) for name in fields}
        department.name, department.short_name, department.organ_code = row["单位名称"], row["简称"], row["机关代字"]
        try:
            for header, field_name in PILOT_COLUMNS.items():
                if table.has(header):
                    setattr(department, field_name, yes_no(row[header], header))
            if table.has("类别") and row["类别"]:
                if row["类别"] not in KINDS_BY_LABEL:
                    raise ValidationError(f"类别“{row['类别']}”不对，只能是{'、'.join(KINDS_BY_LABEL)}之一。")
                department.kind = KINDS_BY_LABEL[row["类别"]]
        except ValidationError as exc:
            run.error(number, exc.messages[0])
            continue
        if is_new or fields_changed(department, fields, before):
            try:
                department.full_clean()
            except ValidationError as exc:
                run.model_errors(number, exc, department, DEPARTMENT_FIELDS)
                continue
            if not run.save(number, department):
                continue
            (new_ids if is_new else changed_ids).add(department.pk)
        saved.append((number, department))

    if table.has("上级单位"):
        changed_ids |= _assign_parents(run, saved) - new_ids
    run.created = len(new_ids)
    run.updated = len(changed_ids)
    run.unchanged = len(saved) - run.created - run.updated


def _assign_parents(run: Run, saved: list[tuple[int, Department]]) -> set[int]:
    """Second pass, so that a parent may come further down the file. Returns the ids whose parent changed."""
    everything = list(Department.objects.all())
    by_slug = {d.slug: d for d in everything}
    by_name = {d.name: d for d in everything}
    parent_of = {d.pk: d.parent_id for d in everything}
    rows = {number: row for number, row in run.table.rows}
    changed: set[int] = set()
    for number, department in saved:
        reference = rows[number]["上级单位"]
        parent = None
        if reference:
            parent = by_slug.get(reference) or by_name.get(reference)
            if parent is None:
                run.error(number, f"上级单位“{reference}”不存在（请填写单位名称或简拼）。")
                continue
            if parent.pk == department.pk:
                run.error(number, "上级单位不能是本单位。")
                continue
        parent_id = parent.pk if parent else None
        if parent_of[department.pk] != parent_id:
            parent_of[department.pk] = parent_id
            department.parent = parent
            if run.save(number, department, update_fields=["parent"]):
                changed.add(department.pk)
    for number, department in saved:
        chain, current = {department.pk}, parent_of[department.pk]
        while current is not None:
            if current in chain:
                run.error(number, f"上级单位形成循环：“{department.name}”最终又成了自己的上级。")
                break
            chain.add(current)
            current = parent_of.get(current)
    return changed
