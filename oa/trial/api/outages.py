"""/api/v1/trials/outages/ — 停机登记 and 停机补登: the same services and permission checks as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.api_errors import known_transition, valid_form
from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.trial import permissions as perms
from oa.trial.forms import OutageEndForm, OutageForm, OutageItemForm, OutageWithdrawForm
from oa.trial.models import Outage, OutagePaperItem
from oa.trial.selectors import outage_for, outage_items_for, outages_list
from oa.trial.services.outages import (
    backfill_deadline,
    outage_back_register,
    outage_declare,
    outage_end,
    outage_withdraw,
)


class OutageSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    notice = serializers.CharField(source="notice_text", read_only=True)
    back_register_until = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Outage
        fields = ["id", "starts_at", "ends_at", "reason", "state", "state_label", "notice", "back_register_until",
                  "available_transitions", "declared_by", "declared_at", "withdrawn_at", "withdraw_reason"]

    def get_back_register_until(self, outage) -> str | None:
        deadline = backfill_deadline(outage)
        return deadline.isoformat() if deadline and outage.state != "withdrawn" else None

    def get_available_transitions(self, outage) -> list[str]:
        return perms.outage_actions(self.context["request"].user, outage)


class OutageItemSerializer(serializers.ModelSerializer):
    counterparts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    excused = serializers.SerializerMethodField()

    class Meta:
        model = OutagePaperItem
        fields = ["id", "outage", "department", "counterparts", "sent_at", "count", "document", "excused", "recorded_at"]

    def get_excused(self, item) -> bool:
        return item.outage.state != "withdrawn"


class OutageList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(operation_id="trials_outages_list", responses=OutageSerializer(many=True))
    def get(self, request):
        page = outages_list(**api_window(request))
        return paged_response(request, OutageSerializer(page.rows, many=True, context={"request": request}).data, page)

    @extend_schema(operation_id="trials_outages_declare", request=inline_serializer("OutageDeclare", {
        "starts_at": serializers.DateTimeField(), "ends_at": serializers.DateTimeField(required=False, help_text="空：进行中"),
        "reason": serializers.CharField()}), responses={201: OutageSerializer})
    def post(self, request):
        if not perms.may_manage(request.user):
            raise PermissionDenied("只有市信息中心可以登记系统停机。")
        form = valid_form(OutageForm, request.data)
        outage = outage_declare(actor=request.user, **form.cleaned_data)
        return Response(OutageSerializer(outage, context={"request": request}).data, status=status.HTTP_201_CREATED)


class OutageTransition(APIView):
    """POST /api/v1/trials/outages/{id}/{end|withdraw}/"""

    @extend_schema(operation_id="trials_outages_transition", request=inline_serializer("OutageStep", {
        "ends_at": serializers.DateTimeField(required=False, help_text="end：恢复时间"),
        "reason": serializers.CharField(required=False, help_text="withdraw：撤销原因")}), responses=OutageSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, perms.OUTAGE_LABELS)
        outage_for(request.user, pk)
        if transition == "end":
            form = valid_form(OutageEndForm, request.data)
            outage = outage_end(actor=request.user, outage_id=pk, ends_at=form.cleaned_data["ends_at"])
        else:
            form = valid_form(OutageWithdrawForm, request.data)
            outage = outage_withdraw(actor=request.user, outage_id=pk, reason=form.cleaned_data["reason"])
        return Response(OutageSerializer(outage, context={"request": request}).data)


class OutageItemList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(operation_id="trials_outage_items_list", responses=OutageItemSerializer(many=True))
    def get(self, request):
        if not perms.may_view_outage_items(request.user):
            raise PermissionDenied("停机补登由各单位收发员登记。")
        page = outage_items_for(request.user, **api_window(request))
        return paged_response(request, OutageItemSerializer(page.rows, many=True).data, page)

    @extend_schema(operation_id="trials_outage_items_create", request=inline_serializer("OutageItemCreate", {
        "sent_at": serializers.DateTimeField(help_text="纸质送出时间，须在停机时段内"),
        "counterparts": serializers.ListField(child=serializers.IntegerField()),
        "count": serializers.IntegerField(), "document": serializers.IntegerField(required=False)}),
        responses={201: OutageItemSerializer})
    def post(self, request):
        if not perms.may_back_register(request.user):
            raise PermissionDenied("停机补登由各单位收发员登记。")
        form = valid_form(OutageItemForm, request.data)
        data = form.cleaned_data
        item = outage_back_register(actor=request.user, sent_at=data["sent_at"], count=data["count"],
                                    counterpart_ids=[d.pk for d in data["counterparts"]], document_id=data["document"])
        return Response(OutageItemSerializer(item).data, status=status.HTTP_201_CREATED)
