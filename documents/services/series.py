"""Which of its organ's 发文字号 series (oa.org.models.NumberSeries) a document is numbered in, from its kind:
a joint document (issued by two or more organs) → the 联合 series its organs share; 函 → the 函 series;
纪要 → the 纪要 series; every other 文种 → the 文件 series. No such active series: a refusal in words."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count

from documents.choices import DocType
from oa.org.choices import SeriesKind
from oa.org.models import Department, NumberSeries

KIND_OF_TYPE = {DocType.LETTER: SeriesKind.LETTER, DocType.MINUTES: SeriesKind.MINUTES}
MISSING = "{organ}没有启用的“{kind}”发文字号序列，无法编号。请系统管理员或本机关办公室主任在“发文字号序列”中添加或启用。"
MISSING_JOINT = "{organs}没有共用的联合发文字号序列，无法编号。请系统管理员或主办机关办公室主任在“发文字号序列”中添加。"
AMBIGUOUS_JOINT = "{organs}共用的联合发文字号序列不止一个（{codes}），无法确定编号，请停用多余的序列。"


def issuing_organ_ids(document) -> list[int]:
    """The ids of the organs that issue the document, the lead (主办机关) first: its issuing department, then —
    on a joint document (联合行文) — the co-issuing organs (JointIssuer) in their order. A document of one
    organ is known by its `joint` flag and costs no query here."""
    return [document.issuing_department_id, *(row.department_id for row in document.co_issuers())]


def series_kind(document, organ_ids) -> str:
    if len(organ_ids) > 1:
        return SeriesKind.JOINT
    return KIND_OF_TYPE.get(document.doc_type, SeriesKind.FILE)


def _names(organ_ids) -> str:
    names = dict(Department.objects.filter(pk__in=organ_ids).values_list("pk", "name"))
    return "、".join(names.get(pk, "") for pk in organ_ids)


def document_series(document, organ_ids=None) -> NumberSeries:
    """The active series the document takes its number from (one query). `organ_ids`: lead first; by
    default issuing_organ_ids(document). A joint document takes the 联合 series that has every one of its
    organs and the fewest others (the pair's own series before a wider one); two such: refused, not guessed."""
    organ_ids = list(dict.fromkeys(organ_ids or issuing_organ_ids(document)))
    kind = series_kind(document, organ_ids)
    if kind != SeriesKind.JOINT:
        series = NumberSeries.objects.filter(kind=kind, is_active=True, organs=organ_ids[0]).order_by("id").first()
        if series is None:
            raise ValidationError(MISSING.format(organ=_names(organ_ids), kind=SeriesKind(kind).label))
        return series
    candidates = NumberSeries.objects.filter(kind=kind, is_active=True)
    for organ_id in organ_ids:
        candidates = candidates.filter(organs=organ_id)
    # Count the series' organs apart from the joins above, which narrow the rows but would skew the count.
    sizes = NumberSeries.objects.filter(pk__in=candidates.values("pk")).annotate(size=Count("organs"))
    best = list(sizes.order_by("size", "id")[:2])
    if not best:
        raise ValidationError(MISSING_JOINT.format(organs=_names(organ_ids)))
    if len(best) == 2 and best[0].size == best[1].size:
        raise ValidationError(AMBIGUOUS_JOINT.format(organs=_names(organ_ids), codes="、".join(s.code for s in best)))
    return best[0]
