"""/api/v1/trials/paper/…, reconciliation/ and paper-only/: paper records and confirmations, the reconciliation lists, paper-only items."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core import pagination
from oa.core.api_errors import known_transition, valid_form
from oa.core.params import whole_number
from oa.trial import permissions as perms
from oa.trial.api.serializers import PaperOnlySerializer, PaperSerializer
from oa.trial.choices import Discrepancy
from oa.trial.forms import PaperConfirmForm, PaperOnlyForm, PaperSentForm, UrgentChannelForm
from oa.trial.selectors import (
    paper_for,
    paper_only_items,
    paper_worklist,
    reconciliation,
    reconciliation_counts,
)
from oa.trial.services.paper import (
    PaperSent,
    paper_bulk_confirm,
    paper_chase,
    paper_confirm,
    paper_only_record,
    paper_record,
    paper_urgent_channel,
)


class PaperList(APIView):
    pagination_class = pagination.KeysetPagination

    @extend_schema(parameters=[OpenApiParameter("side", str, enum=["send", "receive"], description="待登记送出（默认）或待确认收到")],
                   responses=PaperSerializer(many=True))
    def get(self, request):
        if not perms.is_clerk(request.user):
            raise PermissionDenied("纸质同步由各单位收发员登记和确认。")
        side = "receive" if request.query_params.get("side") == "receive" else "send"
        page = paper_worklist(request.user, side, **pagination.api_window(request))
        return pagination.paged_response(request, PaperSerializer(page.rows, many=True, context={"request": request}).data, page)


class PaperBulkConfirm(APIView):
    @extend_schema(request=inline_serializer("PaperBulkConfirm", {
        "ids": serializers.ListField(child=serializers.IntegerField()), "received_on": serializers.DateField(required=False)}),
        responses=inline_serializer("PaperBulkConfirmed", {"results": PaperSerializer(many=True)}))
    def post(self, request):
        ids = request.data.getlist("ids") if hasattr(request.data, "getlist") else request.data.get("ids")
        if not isinstance(ids, list) or not all(whole_number(i) is not None for i in ids):
            raise serializers.ValidationError({"ids": ["请提供要确认的纸质件编号列表。"]})
        day = serializers.DateField(required=False).run_validation(request.data.get("received_on")) if request.data.get("received_on") else None
        rows = paper_bulk_confirm(actor=request.user, requirement_ids=[whole_number(i) for i in ids], received_on=day)
        return Response({"results": PaperSerializer(rows, many=True, context={"request": request}).data})


class PaperDetail(APIView):
    @extend_schema(responses=PaperSerializer)
    def get(self, request, pk):
        return Response(PaperSerializer(paper_for(request.user, pk), context={"request": request}).data)


class PaperTransition(APIView):
    """POST /api/v1/trials/paper/{id}/{record|confirm|urgent|chase}/"""

    @extend_schema(operation_id="trials_paper_transition", request=inline_serializer("PaperStep", {
        "count": serializers.IntegerField(required=False), "copy_range": serializers.CharField(required=False),
        "sent_on": serializers.DateField(required=False), "method": serializers.CharField(required=False),
        "received_on": serializers.DateField(required=False), "paper_arrival": serializers.IntegerField(required=False),
        "channel": serializers.CharField(required=False, help_text="online_only / paper_only"),
        "kind": serializers.CharField(required=False, help_text="chase：从哪一张对账清单催办（paper_missing / not_signed / count_mismatch）")}),
        responses=PaperSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, perms.PAPER_LABELS)
        paper_for(request.user, pk)
        if transition == "record":
            form = valid_form(PaperSentForm, request.data)
            paper_record(actor=request.user, requirement_id=pk, sent=PaperSent(**form.cleaned_data))
        elif transition == "confirm":
            form = valid_form(PaperConfirmForm, request.data)
            paper_confirm(actor=request.user, requirement_id=pk, count=form.cleaned_data["count"],
                          received_on=form.cleaned_data["received_on"], paper_arrival_id=form.cleaned_data["paper_arrival"])
        elif transition == "urgent":
            form = valid_form(UrgentChannelForm, request.data)
            paper_urgent_channel(actor=request.user, requirement_id=pk, channel=form.cleaned_data["channel"])
        else:
            paper_chase(actor=request.user, requirement_id=pk, kind=request.data.get("kind"))
        return Response(PaperSerializer(paper_for(request.user, pk), context={"request": request}).data)


class Reconciliation(APIView):
    @extend_schema(parameters=[OpenApiParameter("kind", str, enum=Discrepancy.values), *pagination.PAGE_PARAMETERS],
                   responses=inline_serializer("Reconciliation", {
                       "kind": serializers.ChoiceField(choices=Discrepancy.choices),
                       "counts": inline_serializer("ReconciliationCounts", {
                           kind: serializers.IntegerField() for kind in Discrepancy.values}),
                       "results": PaperSerializer(many=True), "next": pagination.NEXT_FIELD}))
    def get(self, request):
        if not perms.may_reconcile(request.user):
            raise PermissionDenied("对账由各单位收发员和市信息中心查看。")
        kind = request.query_params.get("kind", Discrepancy.PAPER_MISSING)
        if kind not in Discrepancy.values:
            raise serializers.ValidationError({"kind": [f"可选：{', '.join(Discrepancy.values)}"]})
        page = reconciliation(request.user, kind, **pagination.api_window(request))
        return Response(pagination.envelope(request, PaperSerializer(page.rows, many=True, context={"request": request}).data, page,
                                 kind=kind, counts=reconciliation_counts(request.user)))


class PaperOnlyList(APIView):
    pagination_class = pagination.KeysetPagination

    @extend_schema(responses=PaperOnlySerializer(many=True))
    def get(self, request):
        if not perms.is_clerk(request.user):
            raise PermissionDenied("涉密纸质件由各单位收发员登记。")
        page = paper_only_items(request.user, **pagination.api_window(request))
        return pagination.paged_response(request, PaperOnlySerializer(page.rows, many=True).data, page)

    @extend_schema(request=inline_serializer("PaperOnlyCreate", {
        "on_date": serializers.DateField(), "counterpart": serializers.IntegerField(),
        "direction": serializers.CharField(help_text="sent / received"), "count": serializers.IntegerField()}),
        responses={201: PaperOnlySerializer})
    def post(self, request):
        form = valid_form(PaperOnlyForm, request.data)
        data = form.cleaned_data
        item = paper_only_record(actor=request.user, counterpart_id=data["counterpart"].pk, direction=data["direction"],
                                 count=data["count"], on_date=data["on_date"])
        return Response(PaperOnlySerializer(item).data, status=status.HTTP_201_CREATED)
