"""/api/v1/number-series/: the organs' 发文字号 series — list (the {"results", "next"} envelope), add, read one,
stop or start again (PATCH is_active). The same services and checks as the page 发文字号序列
(oa/org/views/series.py): the system admin, or the 办公室主任 of an organ the series belongs to."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.pagination import OLDEST_FIRST, KeysetPagination, api_window, keyset, paged_response
from oa.core.params import whole_number
from oa.org.choices import SeriesKind
from oa.org.models import Department, NumberSeries
from oa.org.selectors import series_visible_to
from oa.org.services.series import series_create, series_set_active


class NumberSeriesSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organs = serializers.SerializerMethodField(help_text="所属机关的编号")
    organ_names = serializers.SerializerMethodField(help_text="所属机关的名称")

    class Meta:
        model = NumberSeries
        fields = ["id", "kind", "kind_label", "code", "organs", "organ_names", "is_active", "created_at"]
        read_only_fields = fields

    def get_organs(self, series) -> list[int]:
        return [organ.pk for organ in series.organs.all()]

    def get_organ_names(self, series) -> list[str]:
        return [organ.name for organ in series.organs.all()]


# Codes, organ counts and clashes are the service's to judge, in Chinese; these read the types.
class NumberSeriesCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SeriesKind.choices, help_text="file 文件 / letter 函 / minutes 纪要 / joint 联合 / circular 通报（督办室使用情况通报）",
                                   error_messages={"invalid_choice": "类别只能是文件、函、纪要、联合、通报之一。"})
    code = serializers.CharField(allow_blank=True, help_text="机关代字全称，如“韶府办函”，只能由汉字组成，不超过 20 个字")
    organs = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), many=True, help_text="所属机关的编号；联合序列两个或以上",
        error_messages={"does_not_exist": "机关（编号 {pk_value}）不存在。", "incorrect_type": "机关编号应为整数。"})


class NumberSeriesUpdateSerializer(serializers.Serializer):
    is_active = serializers.BooleanField(help_text="false 停用（不再编号，已编的号仍在登记簿中）；true 重新启用")


class NumberSeriesList(APIView):
    """The series the person may read: every organ's for the system admin, their own organ's (joint ones
    included) for everyone else, oldest first."""

    pagination_class = KeysetPagination

    @extend_schema(operation_id="number_series_list", parameters=[
        OpenApiParameter("department", int, description="只看这一机关的序列（单位编号）"),
    ], responses=NumberSeriesSerializer(many=True))
    def get(self, request):
        rows = series_visible_to(request.user, department_id=whole_number(request.query_params.get("department")))
        page = keyset(rows, order=OLDEST_FIRST, **api_window(request))
        return paged_response(request, NumberSeriesSerializer(page.rows, many=True).data, page)

    @extend_schema(operation_id="number_series_create", request=NumberSeriesCreateSerializer,
                   responses={201: NumberSeriesSerializer})
    def post(self, request):
        serializer = NumberSeriesCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        series = series_create(actor=request.user, kind=data["kind"], code=data["code"], organs=data["organs"])
        return Response(NumberSeriesSerializer(series).data, status=status.HTTP_201_CREATED)


class NumberSeriesDetail(APIView):
    """One series the person may read; another organ's answers 404."""

    @extend_schema(operation_id="number_series_retrieve", responses=NumberSeriesSerializer)
    def get(self, request, pk):
        return Response(NumberSeriesSerializer(get_object_or_404(series_visible_to(request.user), pk=pk)).data)

    @extend_schema(operation_id="number_series_update", request=NumberSeriesUpdateSerializer,
                   responses=NumberSeriesSerializer)
    def patch(self, request, pk):
        get_object_or_404(series_visible_to(request.user), pk=pk)
        serializer = NumberSeriesUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        series_set_active(actor=request.user, series_id=pk, active=serializer.validated_data["is_active"])
        return Response(NumberSeriesSerializer(get_object_or_404(series_visible_to(request.user), pk=pk)).data)
