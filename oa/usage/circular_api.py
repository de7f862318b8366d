"""/api/v1/usage-circulars/ — the report-then-通报 chain: list, one period's 报告/通报 with its history, every
step (the pages' buttons, with the same services and the same table), and the documents."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.api_errors import known_transition
from oa.usage import permissions
from oa.usage.choices import CircularState
from oa.usage.models import CircularStep, UsageCircular
from oa.usage.services import circulars as service

STEPS = (*permissions.CIRCULAR_ACTIONS, "correct", "edit")  # every one available_transitions may list


class CircularStepSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", read_only=True)
    actor_name = serializers.SerializerMethodField()
    state_after_label = serializers.CharField(source="get_state_after_display", read_only=True)

    class Meta:
        model = CircularStep
        fields = ["action", "action_label", "actor", "actor_name", "at", "comment", "version", "state_after",
                  "state_after_label"]

    def get_actor_name(self, step) -> str:
        return step.actor.name if step.actor_id else "定时任务"


class CircularSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    version = serializers.IntegerField(source="bulletin.version", read_only=True)
    bulletin_number = serializers.CharField(source="bulletin.number", read_only=True)
    number = serializers.CharField(read_only=True, help_text="通报文号（通报后），如 韶府督通〔2026〕1号")
    issuer_name = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
    report_pdf_url = serializers.SerializerMethodField()
    circular_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = UsageCircular
        fields = ["id", "period", "state", "state_label", "bulletin", "version", "bulletin_number", "remarks",
                  "prepared_at", "submitted_at", "reported_at", "returned_at", "return_reason", "number",
                  "issuer", "issuer_name", "issued_at", "available_transitions", "report_pdf_url", "circular_pdf_url"]

    def get_issuer_name(self, circular) -> str:
        return circular.issuer.name if circular.issuer_id else ""

    def get_available_transitions(self, circular) -> list[str]:
        user = self.context["request"].user
        actions = permissions.circular_actions(user, circular)
        return [*actions, *(a for a in ("edit", "correct") if permissions.may_circular(user, a, circular))]

    def get_report_pdf_url(self, circular) -> str:
        return f"/api/v1/usage-circulars/{circular.pk}/report.pdf"

    def get_circular_pdf_url(self, circular) -> str | None:
        return f"/api/v1/usage-circulars/{circular.pk}/circular.pdf" if circular.state == CircularState.ISSUED else None


class CircularDetailSerializer(CircularSerializer):
    history = serializers.SerializerMethodField()
    content = serializers.SerializerMethodField(help_text="报告（通报前）或通报（通报后）的正文、排名表与说明")

    class Meta(CircularSerializer.Meta):
        fields = [*CircularSerializer.Meta.fields, "history", "content"]

    def get_history(self, circular) -> list[dict]:
        steps = circular.steps.select_related("actor").order_by("at", "id")
        return CircularStepSerializer(steps, many=True).data

    def get_content(self, circular) -> dict:
        return circular.content if circular.state == CircularState.ISSUED else service.report_content(circular)


def _detail(request, pk):
    return Response(CircularDetailSerializer(service.circular_for(request.user, pk), context={"request": request}).data)


class CircularList(APIView):
    @extend_schema(operation_id="usage_circulars_list", responses=CircularSerializer(many=True))
    def get(self, request):
        if not permissions.may_view_usage(request.user):
            raise PermissionDenied("您没有所属单位，无法查看使用情况通报。")
        from oa.usage.circular_views import visible_circulars

        rows = visible_circulars(request.user).select_related("bulletin", "issuer").defer(
            "bulletin__data", "content").order_by("-period_first")[:100]
        return Response(CircularSerializer(rows, many=True, context={"request": request}).data)


class CircularDetail(APIView):
    @extend_schema(operation_id="usage_circulars_retrieve", responses=CircularDetailSerializer)
    def get(self, request, pk):
        return _detail(request, pk)

    @extend_schema(operation_id="usage_circulars_edit", request=inline_serializer("UsageCircularRemarks", {
        "remarks": serializers.CharField(allow_blank=True, help_text="信息中心说明（拟稿时）")}),
        responses=CircularDetailSerializer)
    def post(self, request, pk):
        """Keep the information center's 说明 (信息中心拟稿 only)."""
        service.circular_edit(actor=request.user, circular_id=pk, remarks=str(request.data.get("remarks", "")))
        return _detail(request, pk)


class CircularTransition(APIView):
    """POST /api/v1/usage-circulars/{id}/{submit|approve|return|send_back|issue|correct|edit}/"""

    @extend_schema(operation_id="usage_circulars_transition", request=inline_serializer("UsageCircularStep", {
        "remarks": serializers.CharField(required=False, help_text="submit：同时提交的信息中心说明；edit：信息中心说明"),
        "reason": serializers.CharField(required=False, help_text="return、send_back：退回意见；correct：更正说明"),
        "comment": serializers.CharField(required=False, help_text="issue：督办室意见（可不填）")}),
        responses=CircularDetailSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, STEPS)
        person, data = request.user, request.data
        service.circular_for(person, pk)
        text = lambda key: str(data.get(key, ""))  # noqa: E731
        if transition == "submit":
            service.circular_submit(actor=person, circular_id=pk,
                                    remarks=str(data["remarks"]) if "remarks" in data else None)
        elif transition == "approve":
            service.circular_approve(actor=person, circular_id=pk)
        elif transition == "return":
            service.circular_return(actor=person, circular_id=pk, reason=text("reason"))
        elif transition == "send_back":
            service.circular_send_back(actor=person, circular_id=pk, reason=text("reason"))
        elif transition == "issue":
            service.circular_issue(actor=person, circular_id=pk, comment=text("comment"))
        elif transition == "edit":  # as POST on the circular itself
            service.circular_edit(actor=person, circular_id=pk, remarks=text("remarks"))
        else:
            service.circular_correct(actor=person, circular_id=pk, reason=text("reason"))
        return _detail(request, pk)


class CircularDocument(APIView):
    """GET /api/v1/usage-circulars/{id}/report.pdf|docx (市信息中心报告) or circular.pdf|docx (督办室通报)."""

    @extend_schema(operation_id="usage_circulars_document",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk, which, fmt):
        from oa.usage.circular_views import document_response

        return document_response(request.user, pk, which, fmt)
