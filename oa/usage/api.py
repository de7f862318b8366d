"""/api/v1/usage-reports/ — the same figures, scores and bulletins as the pages, with the same checks."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.params import whole_number
from oa.usage import permissions
from oa.usage.models import Bulletin
from oa.usage.periods import Period
from oa.usage.selectors import department_row, score_items, table_for
from oa.usage.services.reports import close_period, usage_correct


def _period(value: str) -> Period:
    try:
        period = Period.parse(value)
    except ValueError as exc:
        raise NotFound(str(exc)) from exc
    if not period.has_begun():
        raise NotFound(f"{period.label}尚未开始，没有统计数据。")
    return period


def _require_view(person):
    if not permissions.may_view_usage(person):
        raise PermissionDenied("您没有所属单位，无法查看使用情况统计。")


class BulletinSerializer(serializers.ModelSerializer):
    pdf_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()

    class Meta:
        model = Bulletin
        fields = ["id", "period", "number", "version", "created_at", "created_by", "reason", "formula_version", "sha256",
                  "pdf_url", "docx_url"]

    def get_pdf_url(self, report) -> str:
        return f"/api/v1/usage-reports/reports/{report.pk}.pdf"

    def get_docx_url(self, report) -> str:
        return f"/api/v1/usage-reports/reports/{report.pk}.docx"


# The table's shape (selectors.build_table, or a frozen bulletin's copy of it): declared so that a client
# generated from the schema reads it, and every rate comes with the counts it is computed from.
class UsageRateCountsSerializer(serializers.Serializer):
    numerator = serializers.IntegerField(help_text="分子")
    denominator = serializers.IntegerField(help_text="分母")


class UsageScorePartSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    weight = serializers.FloatField()
    rate = serializers.FloatField(allow_null=True)
    effective_weight = serializers.FloatField()
    points = serializers.FloatField()
    items = serializers.CharField()
    counts = UsageRateCountsSerializer(allow_null=True, required=False,
                                  help_text="该项比率的分子、分母（v2 起；早先冻结的通报无此项）")


class UsageScoreSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="评分公式版本")
    score = serializers.FloatField(allow_null=True)
    parts = UsageScorePartSerializer(many=True)
    penalty = serializers.FloatField()
    red = serializers.IntegerField()
    yellow = serializers.IntegerField()


def _figures():
    return serializers.DictField(child=serializers.FloatField(allow_null=True),
                                 help_text="各指标（见 columns）；比率为 0–1 的小数，无数据为 null")


def _counts():
    return serializers.DictField(child=UsageRateCountsSerializer(allow_null=True), required=False,
                                 help_text="每个比率的分子、分母：on_time_rate、sign_1wd_rate、circ_read_rate、"
                                           "notices_read_rate、paper_compliance、usage_rate（模块未启用为 null；"
                                           "早先冻结的通报无此项）")


class UsageRowSerializer(serializers.Serializer):
    department_id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    figures = _figures()
    counts = _counts()
    score = UsageScoreSerializer()
    rank = serializers.IntegerField(allow_null=True)
    counted = serializers.BooleanField(required=False, help_text="是否计入通报（使用办公系统的单位，oa.usage.units）；"
                                                                 "早先冻结的通报无此项")


class UsageCitySerializer(serializers.Serializer):
    figures = _figures()
    counts = _counts()
    score = UsageScoreSerializer()


Table = inline_serializer("UsageTable", {
    "period": serializers.CharField(), "label": serializers.CharField(), "live": serializers.BooleanField(),
    "providers": serializers.ListField(child=serializers.CharField()),
    "missing_providers": serializers.ListField(child=serializers.CharField()),
    "columns": inline_serializer("UsageColumn", {
        "code": serializers.CharField(), "label": serializers.CharField(), "short": serializers.CharField(),
        "unit": serializers.CharField(), "how": serializers.CharField()}, many=True),
    "rows": UsageRowSerializer(many=True),
    "city": UsageCitySerializer(allow_null=True),
    "formula": inline_serializer("UsageFormula", {"version": serializers.CharField(), "text": serializers.CharField()}),
    "units": inline_serializer("UsageUnits", {"count": serializers.IntegerField(), "basis": serializers.CharField()},
                               required=False, help_text="计入通报的单位数及统计范围；早先冻结的通报无此项"),
})
DeliveryItem = {"delivery": serializers.IntegerField(), "title": serializers.CharField()}
class UsageDepartmentScoreSerializer(UsageRowSerializer):
    period = serializers.CharField()
    items = inline_serializer("UsageScoreItems", {
        "on_time": inline_serializer("UsageLateItem", {**DeliveryItem, "grade": serializers.CharField()}, many=True),
        "sign_speed": inline_serializer("UsageSlowItem", {**DeliveryItem, "working_days": serializers.CharField()},
                                        many=True),
        "usage": inline_serializer("UsagePaperItem", DeliveryItem, many=True,
                                   help_text="使用率：应上网未上网的纸质来文（v1 通报：本期登记的全部纸质来文）"),
        "circulation": inline_serializer("UsageUnreadItem", {"delivery": serializers.IntegerField(),
                                                             "reader": serializers.IntegerField()}, many=True),
        "paper_only": inline_serializer("UsageClassifiedItem", {
            "on_date": serializers.DateField(), "counterpart": serializers.CharField(),
            "count": serializers.IntegerField()}, many=True, required=False,
            help_text="涉密纸质件（不计入使用率），试运行模块提供"),
        "paper": inline_serializer("UsagePaperMissingItem", {
            "requirement": serializers.IntegerField(), "delivery": serializers.IntegerField(),
            "title": serializers.CharField(), "receiver": serializers.CharField(),
            "dispatched_on": serializers.DateField(), "state": serializers.CharField()}, many=True, required=False,
            help_text="纸质同步合规率：须纸质同步而纸质件未送出的公文，试运行模块提供"),
    })


class PeriodList(APIView):
    @extend_schema(responses=inline_serializer("UsagePeriod", {
        "period": serializers.CharField(), "label": serializers.CharField(), "ended": serializers.BooleanField(),
        "report": serializers.IntegerField(allow_null=True), "version": serializers.IntegerField(allow_null=True)},
        many=True))
    def get(self, request):
        _require_view(request.user)
        periods = Period.current().recent(12)[::-1]
        latest = {}
        for r in Bulletin.objects.filter(period__in=[str(p) for p in periods]).order_by("version").only(
                "pk", "period", "version"):
            latest[r.period] = r
        return Response([{"period": str(p), "label": p.label, "ended": p.is_closed_by(),
                          "report": latest[str(p)].pk if str(p) in latest else None,
                          "version": latest[str(p)].version if str(p) in latest else None} for p in periods])


class PeriodFigures(APIView):
    """Every department's figures, score and rank (your own department only, unless you see all)."""

    @extend_schema(responses=inline_serializer("UsagePeriodFigures", {
        "report": BulletinSerializer(allow_null=True), "table": Table}))
    def get(self, request, period):
        _require_view(request.user)
        table, report = table_for(_period(period))
        table = permissions.visible_table(request.user, table)
        return Response({"report": BulletinSerializer(report).data if report else None, "table": table})


class DepartmentScore(APIView):
    """A department's score with every part and the items behind it (delivery ids)."""

    @extend_schema(responses=UsageDepartmentScoreSerializer)
    def get(self, request, period, department_id):
        p = _period(period)
        if not permissions.may_view_department(request.user, department_id):
            raise PermissionDenied("您只能查看本单位的统计。")
        table, _ = table_for(p)
        row = department_row(table, department_id)
        if row is None:
            raise NotFound("该单位不在本期统计中。")
        items = score_items(p, department_id, version=row["score"]["version"])
        return Response({"period": str(p), **row, "items": {
            "on_time": [{"delivery": i["delivery"].pk, "title": i["delivery"].title, "grade": i["grade"]}
                        for i in items["on_time"]],
            "sign_speed": [{"delivery": i["delivery"].pk, "title": i["delivery"].title, "working_days": i["days"]}
                           for i in items["sign_speed"]],
            "usage": [{"delivery": d.pk, "title": d.title} for d in items["usage"]],
            "circulation": [{"delivery": r.circulation.delivery_id, "reader": r.reader_id} for r in items["circulation"]],
            **{key: items[key] for key in ("paper_only", "paper") if key in items},
        }})


UsageJobSerializer = inline_serializer("UsageJob", {
    "job": serializers.CharField(), "period": serializers.CharField(), "stage": serializers.CharField(),
    "percent": serializers.IntegerField(), "text": serializers.CharField(), "finished": serializers.BooleanField(),
    "report": serializers.IntegerField(required=False), "number": serializers.CharField(required=False),
    "version": serializers.IntegerField(required=False), "created": serializers.BooleanField(required=False),
    "error": serializers.CharField(required=False)})


class PeriodClose(APIView):
    """Freeze the period's bulletin (information center only). 201 when made now, 200 when it existed.

    `?background=1`: queue it as a background task instead (the dashboard's button does this) and
    answer 202 with the job; follow it at GET /api/v1/usage-reports/jobs/<job>/."""

    @extend_schema(request=None, parameters=[OpenApiParameter("background", bool, required=False)],
                   responses={200: BulletinSerializer, 201: BulletinSerializer, 202: UsageJobSerializer})
    def post(self, request, period):
        p = _period(period)
        if request.query_params.get("background") in ("1", "true", "yes"):
            from oa.usage.views import job_for, start_close

            record = start_close(request.user, p)
            return Response(job_for(request.user, record["job"]), status=status.HTTP_202_ACCEPTED)
        report, created = close_period(period=p, actor=request.user)
        return Response(BulletinSerializer(report).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PeriodCorrect(APIView):
    """A corrected bulletin: a new version; earlier versions are kept (information center only)."""

    @extend_schema(request=inline_serializer("UsageCorrection", {"reason": serializers.CharField()}),
                   responses={201: BulletinSerializer})
    def post(self, request, period):
        report = usage_correct(period=_period(period), actor=request.user, reason=str(request.data.get("reason", "")))
        return Response(BulletinSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportList(APIView):
    @extend_schema(responses=BulletinSerializer(many=True))
    def get(self, request):
        _require_view(request.user)
        from oa.usage.views import visible_bulletins

        return Response(BulletinSerializer(visible_bulletins(request.user).defer("data")[:200], many=True).data)


class ReportDetail(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        _require_view(request.user)
        report = Bulletin.objects.filter(pk=pk).first()
        if report is None or not permissions.may_view_bulletin(request.user, report):  # a draft 报告 until issued
            raise NotFound("没有这份通报。")
        # The bulletin (what its PDF and DOCX say), once its 通报 is issued, is for every department; the full table
        # behind it only to those who see every department — everyone else gets their own row.
        data = {**report.data, "table": permissions.visible_table(request.user, report.data["table"])}
        return Response({**BulletinSerializer(report).data, "data": data})


class ReportFile(APIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk, fmt):
        from oa.usage.views import download_response

        _require_view(request.user)
        if fmt not in ("pdf", "docx"):
            raise NotFound("不支持的格式，可用 pdf、docx。")
        report = Bulletin.objects.filter(pk=pk).first()
        if report is None or not permissions.may_view_bulletin(request.user, report):  # a draft 报告 until issued
            raise NotFound("没有这份通报。")
        return download_response(report, fmt)


class JobStatus(APIView):
    """How far a background close has got (the person who started it, or the information center)."""

    @extend_schema(responses=UsageJobSerializer)
    def get(self, request, job):
        from oa.usage.views import job_for

        return Response(job_for(request.user, job))


XLSX_RESPONSE = {(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY}


class PeriodXlsx(APIView):
    """The dashboard's table as XLSX (your own department only, unless you see all)."""

    @extend_schema(responses=XLSX_RESPONSE)
    def get(self, request, period):
        from oa.usage.views import table_xlsx

        return table_xlsx(request.user, _period(period))


class DepartmentXlsx(APIView):
    """A department's drill-down as XLSX: the score's parts, every figure, the items behind them."""

    @extend_schema(responses=XLSX_RESPONSE)
    def get(self, request, period, department_id):
        from oa.usage.views import department_xlsx_response

        _period(period)
        return department_xlsx_response(request.user, period, department_id)


class Trend(APIView):
    """The last 6 periods' usage rate and on-time rate: the city and every department, or (for
    everyone else) your own department only. `?period=` the last period (default: the current one),
    `?department=` one department."""

    @extend_schema(parameters=[OpenApiParameter("period", str, required=False),
                               OpenApiParameter("department", int, required=False)],
                   responses={200: OpenApiTypes.OBJECT, 404: None})  # a period or department that is not there
    def get(self, request):
        from oa.usage.views import trend_data

        value = request.query_params.get("period")
        p = _period(value) if value else Period.current()
        raw = request.query_params.get("department") or ""
        department = whole_number(raw)
        if raw and department is None:
            raise NotFound("单位编号不对。")
        data = trend_data(request.user, p, department)
        return Response({"period": data["period"], "department": data["department_id"], "periods": data["periods"],
                         "units": data["units"]})
