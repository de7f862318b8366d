"""Importing departments, people and role assignments from CSV or XLSX — all or nothing.

One file per kind; the kind is read from the header row (first row):

- 单位表 (departments): 单位名称, 简称, 机关代字, 简拼 [, 上级单位, 三个试点列] — upserted by 简拼;
- 人员表 (people): 账号, 姓名, 单位 [, 职务, 电话, 初始密码, 角色] — upserted by 账号;
- 角色表 (roles): 账号, 角色 [, 姓名] — grants roles to existing accounts (never revokes).

三员分立: the system admin imports departments and people; only the security admin grants roles.
So a people file's 角色 column must stay empty for a person, and role grants arrive as a separate
roles file from the security admin. Run from the command line without --as (actor None: shell
access is administration) every kind is allowed, roles included.

An optional column that is present is authoritative (an empty cell clears it, 否 switches a pilot
off); a column that is absent leaves the stored value alone. Every row is validated with the
models' own validators (full_clean) and every problem is reported with its row number, as
spreadsheet programs count rows (the header is row 1). Rows are written inside one transaction as
they are read, so later rows see earlier ones (a parent department further down, a repeated
机关代字); if any row fails, or on a dry run, everything is rolled back. Each attempt is one ledger
entry. New accounts get an initial password (from 初始密码, or generated) that must be changed at
first login; generated passwords are returned once for display and never stored or logged.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from oa.audit.choices import Outcome
from oa.audit.services import ledger_record
from oa.org.choices import DepartmentKind, Pilot, Role
from oa.org.models import Department, Person, RoleGrant
from oa.org.passwords import character_classes
from oa.org.permissions import can_grant_roles, can_import_org, may_import
from oa.org.services.roles import role_grant
from oa.uploads.gate import upload_accept
from oa.uploads.limits import current_limits
from oa.uploads.screening import xmlsafe
from oa.uploads.screening.zipsafe import ZipRefused, open_zip

DEPARTMENTS = "departments"
PEOPLE = "people"
ROLES = "roles"
KIND_LABELS = {DEPARTMENTS: "单位", PEOPLE: "人员", ROLES: "角色"}

MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_ERRORS_SHOWN = 200

XLS_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: Excel 97-2003 .xls (and .et)
ROLE_SEPARATORS = re.compile(r"[,，、;；\s]+")
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√", "✓"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", ""})
# No 0/O, 1/l/I: initial passwords are read off a screen or a sheet of paper.
PASSWORD_ALPHABETS = ("abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!@#%+=")


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    note: str
    example: str = ""


PILOT_COLUMNS = {
    f"{Pilot.OFFICE.label}试点": "pilot_office",
    f"{Pilot.APPROVAL.label}试点": "pilot_approval",
    f"{Pilot.CONVENIENCE.label}试点": "pilot_convenience",
}

COLUMNS = {
    DEPARTMENTS: (
        Column("单位名称", True, "单位全称，不得与其他单位重复", "韶关市经济贸易局"),
        Column("简称", True, "最多30字", "经贸局"),
        Column("机关代字", True, "发文字号中的机关代字，只能由汉字组成，不得重复", "韶经贸"),
        Column("简拼", True, "2–20位小写字母或数字，以字母开头；按简拼新增或更新单位", "jmj"),
        Column("上级单位", False, "上级单位的单位名称或简拼，可以是本文件中的单位；留空表示没有上级", ""),
        *(Column(header, False, "填“是”或“否”", "是") for header in PILOT_COLUMNS),
        Column("类别", False, "、".join(DepartmentKind.labels) + "之一；留空则不变（新单位为市直部门）", "市直部门"),
    ),
    PEOPLE: (
        Column("账号", True, "登录账号（字母、数字及 @ . + - _），按账号新增或更新人员", "jmj_zhangsan"),
        Column("姓名", True, "最多50字", "张三"),
        Column("单位", True, "所在单位的简拼或单位名称", "jmj"),
        Column("职务", False, "最多50字", "科员"),
        Column("电话", False, "最多30字", "0751-8888888"),
        Column("初始密码", False, "仅对新账号生效；留空则由系统生成。首次登录须修改", ""),
        Column("角色", False, "须留空：角色由安全管理员另行导入（三员分立）", ""),
    ),
    ROLES: (
        Column("账号", True, "已存在的账号", "jmj_zhangsan"),
        Column("姓名", False, "用于核对，须与该账号的姓名一致", "张三"),
        Column("角色", True, "一个或多个角色名称，用顿号或逗号分隔；只增加角色，不撤销已有角色", "科员、收发员"),
    ),
}

# Column header → model field, for turning a model's ValidationError into the column's name.
DEPARTMENT_FIELDS = {
    "单位名称": "name", "简称": "short_name", "机关代字": "organ_code", "简拼": "slug", "上级单位": "parent",
    **PILOT_COLUMNS, "类别": "kind",
}
KINDS_BY_LABEL = {label: value for value, label in DepartmentKind.choices}
PERSON_FIELDS = {"账号": "username", "姓名": "name", "单位": "department", "职务": "position", "电话": "phone"}


@dataclass(frozen=True)
class InitialPassword:
    username: str
    name: str
    password: str


@dataclass
class ImportResult:
    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    error_total: int = 0  # errors may list only the first MAX_ERRORS_SHOWN
    initial_passwords: list[InitialPassword] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def summary(self) -> str:
        """One sentence in Chinese, the same for the page, the command and the API."""
        if self.errors:
            return f"导入未通过校验，共 {max(self.error_total, len(self.errors))} 处错误，未写入任何数据。"
        if self.kind == ROLES:
            done = f"新授予 {self.created} 项角色，{self.unchanged} 项原已具有"
        else:
            unit = "个单位" if self.kind == DEPARTMENTS else "名人员"
            done = f"新增 {self.created} {unit}，更新 {self.updated} {unit}，{self.unchanged} {unit}无变化"
        if self.dry_run:
            return f"校验通过（仅校验，未写入）：{self.rows} 行{KIND_LABELS[self.kind]}数据，导入后将{done}。"
        return f"导入完成：{self.rows} 行{KIND_LABELS[self.kind]}数据，{done}。"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": list(self.errors),
            "initial_passwords": [
                {"username": p.username, "name": p.name, "password": p.password} for p in self.initial_passwords
            ],
        }


@dataclass
class Table:
    kind: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, header → cell)

    def has(self, header: str) -> bool:
        return header in self.headers


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


# --- permissions ------------------------------------------------------------------------------


def may_import_kind(actor, kind: str) -> bool:
    if actor is None:  # the command line, run by whoever administers the server
        return True
    return can_grant_roles(actor) if kind == ROLES else can_import_org(actor)


def _deny(actor, *, filename: str, kind: str, reason: str, via: str):
    # Ledgered in a transaction of its own, so that the refusal survives any caller's rollback.
    with transaction.atomic():
        ledger_record(
            actor=actor, action="org.import", outcome=Outcome.DENIED,
            data={"kind": kind, "filename": filename[:200], "via": via, "reason": reason},
        )
    raise PermissionDenied(reason)


# --- reading the file ---------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\ufeff", "").strip()


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; Chinese Excel saves GB18030/GBK
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("无法识别文件的文字编码：请将 CSV 另存为 UTF-8 或 GBK/GB18030 编码，或直接上传 XLSX 文件。")


def _csv_rows(content: bytes):
    text = _decode(content)
    if "\x00" in text:
        raise ImportFileError("文件中含有空字符，不是有效的 CSV 文件。")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line and "，" not in first_line else ","
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield values[:MAX_COLUMNS]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 格式错误：{exc}") from exc


class _NoOp:
    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        archive = open_zip(content, current_limits())
    except ZipRefused as exc:
        raise ImportFileError(f"XLSX 文件未通过安全检查：{exc.reason}") from exc
    except zipfile.BadZipFile as exc:
        raise ImportFileError("XLSX 文件已损坏，无法读取。") from exc
    with archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise ImportFileError("不是 Excel 工作簿（.xlsx）：请上传 XLSX 或 CSV 文件。")
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                try:
                    with archive.open(info) as part:
                        xmlsafe.parse(part, _NoOp())
                except xmlsafe.UnsafeXML as exc:
                    raise ImportFileError("XLSX 文件含有文档类型声明（DOCTYPE），出于安全原因拒绝读取。") from exc
                except xmlsafe.BadXML as exc:
                    raise ImportFileError("XLSX 文件已损坏，无法读取。") from exc
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for damaged workbooks
        raise ImportFileError("XLSX 文件已损坏或不是 Excel 工作簿，无法读取。") from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError("XLSX 文件中没有工作表。")
        sheet = workbook.worksheets[0]  # the first sheet only, as the page says
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet fails only when its rows are read
                raise ImportFileError("XLSX 文件中的工作表已损坏，无法读取。") from exc
            yield list(values)
    finally:
        workbook.close()


def _detect_kind(headers: set[str]) -> str:
    if "单位名称" in headers:
        return DEPARTMENTS
    if "账号" in headers:
        people_only = {"单位", "职务", "电话", "初始密码"}
        return PEOPLE if headers & people_only or "角色" not in headers else ROLES
    raise ImportFileError(
        "无法识别文件内容：第1行应为表头——单位表含“单位名称”列，人员表含“账号”“姓名”“单位”列，"
        "角色表含“账号”“角色”列。可在导入页面下载模板。"
    )


def read_table(*, filename: str, content: bytes, size: int | None = None) -> Table:
    """Parse an uploaded file into a Table, or raise ImportFileError with a message in Chinese."""
    limit = int(settings.OA_IMPORT_MAX_BYTES)
    size = len(content) if size is None else size
    if size > limit or len(content) > limit:
        raise ImportFileError(f"文件过大：上限为 {limit / 1024 / 1024:.1f} MB。请拆分后分批导入。")
    if not content.strip():
        raise ImportFileError("文件是空的。")
    is_zip = content.startswith(b"PK")
    if filename.lower().endswith((".xlsx", ".xlsm")) and not is_zip:
        raise ImportFileError("文件扩展名是 .xlsx，但内容不是 Excel 工作簿：文件可能已损坏，或是改了扩展名的其他文件。")
    if content.startswith(XLS_SIGNATURE):
        raise ImportFileError("不支持 Excel 97-2003（.xls）格式：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入。")
    rows = _xlsx_rows(content) if is_zip else _csv_rows(content)

    headers: list[str] | None = None
    data: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(rows, start=1):
        cells = [_cell(value) for value in values]
        if not any(cells):
            continue
        if headers is None:
            headers = _check_headers(cells, number)
            continue
        if len(data) >= MAX_ROWS:
            raise ImportFileError(f"数据行过多：一次最多导入 {MAX_ROWS} 行，请拆分后分批导入。")
        cells += [""] * (len(headers) - len(cells))
        data.append((number, {header: cells[i] for i, header in enumerate(headers) if header}))
    if headers is None:
        raise ImportFileError("文件中没有内容。")
    table = Table(kind=_detect_kind({h for h in headers if h}), headers=headers, rows=data)
    allowed = [column.header for column in COLUMNS[table.kind]]
    unknown = [h for h in headers if h and h not in allowed]
    if unknown:
        raise ImportFileError(
            f"{KIND_LABELS[table.kind]}表中有无法识别的列：{'、'.join(unknown)}。可用的列：{'、'.join(allowed)}。"
        )
    missing = [c.header for c in COLUMNS[table.kind] if c.required and not table.has(c.header)]
    if missing:
        raise ImportFileError(f"{KIND_LABELS[table.kind]}表缺少必需的列：{'、'.join(missing)}。")
    if not data:
        raise ImportFileError("文件中只有表头，没有数据行。")
    return table


def _check_headers(cells: list[str], number: int) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    seen = set()
    for header in cells:
        if header and header in seen:
            raise ImportFileError(f"第{number}行（表头）：列“{header}”出现了不止一次。")
        seen.add(header)
    return cells


# --- shared helpers ------------------------------------------------------------------------------


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for role in Role:
        lookup[role.value] = role.value
        lookup[role.label] = role.value
        for part in role.label.split("/"):
            lookup[part] = role.value
    return lookup


def parse_roles(text: str) -> tuple[list[str], list[str]]:
    """Role values named in a cell, and the names that are not roles."""
    lookup = _role_lookup()
    roles, unknown = [], []
    for token in ROLE_SEPARATORS.split(text):
        if not token:
            continue
        role = lookup.get(token) or lookup.get(token.lower())
        if role is None:
            unknown.append(token)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


def _yes_no(text: str, header: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(f"{header}只能填“是”或“否”，不能填“{text}”。")


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


class _Run:
    """Collects row errors and counts for one import."""

    def __init__(self, *, actor, table: Table, dry_run: bool):
        self.actor = actor
        self.table = table
        self.dry_run = dry_run
        self.errors: list[str] = []
        self.error_total = 0
        self.created = 0
        self.updated = 0
        self.unchanged = 0
        self.initial_passwords: list[InitialPassword] = []

    def error(self, number: int, message: str) -> None:
        self.error_total += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(f"第{number}行：{message}")

    def model_errors(self, number: int, exc: ValidationError, obj, headers: dict[str, str]) -> None:
        labels = {field_name: header for header, field_name in headers.items()}
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.error(number, message)
            return
        for field_name, errors in exc.error_dict.items():
            label = labels.get(field_name, "")
            for error in errors:
                if error.code == "unique" and label:
                    value = getattr(obj, field_name, "")
                    message = f"{label}“{value}”已被其他{obj._meta.verbose_name}使用。"
                else:
                    message = " ".join(error.messages)
                self.error(number, message if not label or label in message else f"{label}：{message}")

    def save(self, number: int, obj, **kwargs) -> bool:
        try:
            with transaction.atomic():
                obj.save(**kwargs)
        except IntegrityError:
            self.error(number, "与已有数据冲突（可能刚被他人修改），请刷新后重试。")
            return False
        return True

    def duplicate_check(self, seen: dict[str, int], key: str, number: int, header: str) -> bool:
        if not key:
            self.error(number, f"{header}不能为空。")
            return False
        if key in seen:
            self.error(number, f"{header}“{key}”与第{seen[key]}行重复。")
            return False
        seen[key] = number
        return True

    def grant(self, number: int, person: Person, roles: list[str]) -> None:
        """Grant each role through the role service (which enforces 三员分立 and ledgers each grant).
        In a roles file, new grants count as created and roles already held as unchanged."""
        held = set(RoleGrant.objects.filter(person=person).values_list("role", flat=True))
        for role in roles:
            if role in held:
                self.unchanged += self.table.kind == ROLES
                continue
            try:
                role_grant(actor=self.actor, person=person, role=role, system=self.actor is None)
            except (ValidationError, PermissionDenied) as exc:
                reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                self.error(number, f"不能授予“{Role(role).label}”：{reason}")
                continue
            self.created += self.table.kind == ROLES


def _changed(obj, fields: list[str], before: dict) -> bool:
    return any(getattr(obj, name) != before[name] for name in fields)


# --- departments --------------------------------------------------------------------------------


def _import_departments(run: _Run) -> None:
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
                    setattr(department, field_name, _yes_no(row[header], header))
            if table.has("类别") and row["类别"]:
                if row["类别"] not in KINDS_BY_LABEL:
                    raise ValidationError(f"类别“{row['类别']}”不对，只能是{'、'.join(KINDS_BY_LABEL)}之一。")
                department.kind = KINDS_BY_LABEL[row["类别"]]
        except ValidationError as exc:
            run.error(number, exc.messages[0])
            continue
        if is_new or _changed(department, fields, before):
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


def _assign_parents(run: _Run, saved: list[tuple[int, Department]]) -> set[int]:
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


# --- people -------------------------------------------------------------------------------------


def _existing_people(usernames: list[str]) -> dict[str, Person]:
    found = {}
    for start in range(0, len(usernames), 500):
        for person in Person.objects.filter(username__in=usernames[start : start + 500]):
            found[person.username] = person
    return found


def _import_people(run: _Run) -> None:
    table = run.table
    departments = list(Department.objects.all())
    by_slug = {d.slug: d for d in departments}
    by_name = {d.name: d for d in departments}
    existing = _existing_people([row["账号"] for _, row in table.rows if row["账号"]])
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
        changed = is_new or _changed(person, fields, before)
        if changed:
            try:
                person.full_clean(exclude=["password"] if department else ["password", "department"])
            except ValidationError as exc:
                run.model_errors(number, exc, person, PERSON_FIELDS)
        roles, unknown = parse_roles(row.get("角色", ""))
        if unknown:
            run.error(number, f"无法识别的角色：{'、'.join(unknown)}。")
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


def _set_initial_password(run: _Run, person: Person, raw_password: str) -> None:
    if run.dry_run:
        person.set_unusable_password()  # nothing will be kept: spare the deliberately slow hashing
    else:
        password = raw_password or generate_initial_password()
        person.set_password(password)
        if not raw_password:
            run.initial_passwords.append(InitialPassword(username=person.username, name=person.name, password=password))
    person.password_changed_at = None  # an initial password must be changed at first login


# --- role assignments (the security admin) ------------------------------------------------------


def _import_roles(run: _Run) -> None:
    table = run.table
    existing = _existing_people([row["账号"] for _, row in table.rows if row["账号"]])
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
            run.error(number, f"无法识别的角色：{'、'.join(unknown)}。")
            continue
        if not roles:
            run.error(number, "角色不能为空。")
            continue
        run.grant(number, person, roles)


IMPORTERS = {DEPARTMENTS: _import_departments, PEOPLE: _import_people, ROLES: _import_roles}


# --- the service ----------------------------------------------------------------------------------


def _ledger(actor, result: ImportResult, *, filename: str, via: str, error_total: int) -> None:
    ledger_record(
        actor=actor,
        action="org.import",
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

    run = _Run(actor=actor, table=table, dry_run=dry_run)
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


def import_template_csv(*, kind: str) -> bytes:
    """A CSV holding just the header row of `kind`, UTF-8 with BOM so that Excel opens it in Chinese."""
    buffer = io.StringIO()
    headers = [c.header for c in COLUMNS[kind] if not (kind == PEOPLE and c.header in ("角色", "初始密码"))]
    csv.writer(buffer, lineterminator="\r\n").writerow(headers)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
