"""An organ's 发文字号 series (oa.org.models.NumberSeries): the defaults every organ has, adding one, stopping
and restarting one — by the system admin, or by the 办公室主任 of an organ the series belongs to; each change ledgered (a refusal
is put on record by the page or API that answers it, like every 403).

Rules, in this order: the kind is one of 文件/函/纪要/联合; the code is the full 机关代字 (汉字 only, ≤ 20) and
no other series has it; 文件/函/纪要 belong to exactly one organ, 联合 to two or more; an organ has at most one
*active* series of each of 文件/函/纪要, and a set of organs at most one active 联合 series (so which series a
document takes is never a guess: documents/services/series.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from oa.audit.services import ledger_record
from oa.org.choices import DEFAULT_SERIES_SUFFIX, SeriesKind
from oa.org.ledger_actions import ORG_SERIES_ACTIVATE, ORG_SERIES_CREATE, ORG_SERIES_DEACTIVATE
from oa.org.models import Department, NumberSeries, organ_code_validator
from oa.org.permissions import can_manage_series

CODE_TAKEN = "机关代字“{code}”已被其他发文字号序列使用。"


def default_series(department: Department, *, new: bool = False) -> list[NumberSeries]:
    """文件 = the organ's 机关代字, 函 = 机关代字+函, 纪要 = 机关代字+纪要 (oa/org/signals.py calls it for a new organ,
    `new`: it has none yet). A kind the organ already has, or a code another series holds, is left out — the
    series page shows what an organ has. Three queries for a new organ, whatever it needs."""
    wanted = {kind: department.organ_code + suffix for kind, suffix in DEFAULT_SERIES_SUFFIX.items()}
    has = set() if new else set(department.number_series.values_list("kind", flat=True))
    taken = set(NumberSeries.objects.filter(code__in=wanted.values()).values_list("code", flat=True))
    made = NumberSeries.objects.bulk_create([
        NumberSeries(kind=kind, code=code) for kind, code in wanted.items()
        if kind not in has and code not in taken and len(code) <= NumberSeries._meta.get_field("code").max_length
    ])
    NumberSeries.organs.through.objects.bulk_create(
        [NumberSeries.organs.through(numberseries_id=series.pk, department_id=department.pk) for series in made])
    return made


def _lock(organs) -> None:
    """The organs' rows, locked in id order: two admins adding a 函 series to one organ take turns."""
    list(Department.objects.select_for_update().filter(pk__in=sorted(o.pk for o in organs)).values_list("pk", flat=True))


def _clash(kind: str, organs, *, excluding: int | None = None) -> str:
    """Why an active series of `kind` for `organs` would make a second one, or ''."""
    active = NumberSeries.objects.filter(kind=kind, is_active=True).exclude(pk=excluding)
    if kind == SeriesKind.JOINT:
        wanted = {o.pk for o in organs}
        for series in active.prefetch_related("organs"):
            if {o.pk for o in series.organs.all()} == wanted:
                return f"这些机关已有启用的联合发文字号序列“{series.code}”，请先停用它。"
        return ""
    other = active.filter(organs__in=list(organs)).first()
    label = SeriesKind(kind).label
    return f"{organs[0].name}已有启用的“{label}”发文字号序列“{other.code}”，请先停用它。" if other else ""


def _organs_checked(kind: str, organs) -> list[Department]:
    organs = list(dict.fromkeys(organs))  # once each, in the order given (the lead first)
    if kind == SeriesKind.JOINT and len(organs) < 2:
        raise ValidationError({"organs": "联合发文字号序列须属于两个或以上机关。"})
    if kind != SeriesKind.JOINT and len(organs) != 1:
        raise ValidationError({"organs": f"“{SeriesKind(kind).label}”发文字号序列只属于一个机关。"})
    return organs


def series_create(*, actor, kind: str, code: str, organs) -> NumberSeries:
    if kind not in SeriesKind.values:
        raise ValidationError({"kind": "类别只能是文件、函、纪要、联合、通报之一。"})
    code = (code or "").strip()
    if not code:
        raise ValidationError({"code": "请填写机关代字。"})
    if len(code) > 20:
        raise ValidationError({"code": "机关代字不能超过 20 个字。"})
    try:
        organ_code_validator(code)
    except ValidationError as error:
        raise ValidationError({"code": error.messages}) from None
    organs = _organs_checked(kind, organs)
    if not can_manage_series(actor, organs):
        raise PermissionDenied("只有系统管理员或所属机关的办公室主任可以添加该机关的发文字号序列。")
    try:
        with transaction.atomic():
            _lock(organs)
            if NumberSeries.objects.filter(code=code).exists():
                raise ValidationError({"code": CODE_TAKEN.format(code=code)})
            clash = _clash(kind, organs)
            if clash:
                raise ValidationError({"kind": clash})
            series = NumberSeries.objects.create(kind=kind, code=code)
            series.organs.set(organs)
            ledger_record(actor=actor, action=ORG_SERIES_CREATE, target=series,
                          data={"kind": kind, "code": code, "organs": [o.pk for o in organs]})
    except IntegrityError:  # the same code added at the same moment
        raise ValidationError({"code": CODE_TAKEN.format(code=code)}) from None
    return series


def series_set_active(*, actor, series_id, active: bool) -> NumberSeries:
    """Stop a series (no new numbers from it; its register stays) or start it again."""
    series = NumberSeries.objects.filter(pk=series_id).prefetch_related("organs").first()
    if series is None:
        raise Http404("未找到该发文字号序列。")
    organs = list(series.organs.all())
    if not can_manage_series(actor, organs):
        raise PermissionDenied("只有系统管理员或所属机关的办公室主任可以启用或停用该发文字号序列。")
    with transaction.atomic():
        _lock(organs)
        series = NumberSeries.objects.select_for_update().get(pk=series.pk)
        if series.is_active == active:
            return series
        if active:
            clash = _clash(series.kind, organs, excluding=series.pk)
            if clash:
                raise ValidationError({"is_active": clash})
        series.is_active = active
        series.save(update_fields=["is_active"])
        ledger_record(actor=actor, action=ORG_SERIES_ACTIVATE if active else ORG_SERIES_DEACTIVATE, target=series,
                      data={"code": series.code})
    return series
