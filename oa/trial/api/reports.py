"""/api/v1/trials/reports/… and /api/v1/trials/<id>/reports/: the departments' usage reports, their steps, files and attachments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.api_errors import known_transition, valid_form
from oa.trial import permissions as perms
from oa.trial.api.serializers import ReportAttachmentSerializer, ReportSerializer
from oa.trial.choices import ReportState
from oa.trial.downloads import report_file_response
from oa.trial.forms import ReportForm, ReportReturnForm
from oa.trial.selectors import pending_reports, programme_for
from oa.trial.services.reports import attachment_add as report_attachment_add
from oa.trial.services.reports import attachment_remove as report_attachment_remove
from oa.trial.services.reports import (
    report_approve,
    report_archive,
    report_for,
    report_return,
    report_save,
    report_submit,
)
from oa.uploads.api import GATED_FILE_RESPONSES, GatedFileSerializer, gate_arguments, uploaded_file
from oa.uploads.serving import attachment_response


class ReportDetail(APIView):
    @extend_schema(responses=ReportSerializer)
    def get(self, request, pk):
        return Response(ReportSerializer(report_for(request.user, pk), context={"request": request}).data)

    @extend_schema(request=inline_serializer("ReportSections", {
        "usage": serializers.CharField(required=False), "problems": serializers.CharField(required=False),
        "suggestions": serializers.CharField(required=False)}), responses=ReportSerializer)
    def post(self, request, pk):
        """Keep the draft's sections (填写中 only)."""
        report_for(request.user, pk)
        form = valid_form(ReportForm, request.data)
        given = {k: v for k, v in form.cleaned_data.items() if k in request.data}  # what is left out stays as it was
        report = report_save(actor=request.user, report_id=pk, **given)
        return Response(ReportSerializer(report_for(request.user, report.pk), context={"request": request}).data)


class ReportTransition(APIView):
    """POST /api/v1/trials/reports/{id}/{submit|approve|return|archive}/"""

    @extend_schema(operation_id="trials_report_transition", request=inline_serializer("ReportStep", {
        "usage": serializers.CharField(required=False, help_text="submit：可同时提交三部分内容"),
        "problems": serializers.CharField(required=False), "suggestions": serializers.CharField(required=False),
        "reason": serializers.CharField(required=False, help_text="return：退回原因")}), responses=ReportSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, perms.REPORT_ACTIONS)
        report_for(request.user, pk)
        if transition == "submit":
            form = valid_form(ReportForm, request.data)
            given = {k: v for k, v in form.cleaned_data.items() if k in request.data}
            report_submit(actor=request.user, report_id=pk, **given)
        elif transition == "approve":
            report_approve(actor=request.user, report_id=pk)
        elif transition == "return":
            form = valid_form(ReportReturnForm, request.data)
            report_return(actor=request.user, report_id=pk, reason=form.cleaned_data["reason"])
        else:
            report_archive(actor=request.user, report_id=pk)
        return Response(ReportSerializer(report_for(request.user, pk), context={"request": request}).data)


class ReportDownload(APIView):
    """GET /api/v1/trials/reports/{id}/{pdf|docx}/ — the archived rendering."""

    @extend_schema(operation_id="trials_report_download",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk, kind):
        if kind not in ("pdf", "docx"):
            raise NotFound("可下载：pdf、docx")
        report = report_for(request.user, pk)
        if report.state != ReportState.ARCHIVED:
            raise NotFound("报告尚未归档。")
        return report_file_response(report, kind)


class ReportAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer}, responses={201: ReportAttachmentSerializer})
    def post(self, request, pk):
        upload = uploaded_file(request)
        attachment = report_attachment_add(actor=request.user, report_id=pk, upload=upload,
                                           gate=gate_arguments(request.data))
        return Response(ReportAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class ReportAttachment(APIView):
    @extend_schema(operation_id="trials_report_attachment_download", responses=GATED_FILE_RESPONSES)
    def get(self, request, pk, attachment_id):
        return attachment_response(report_for(request.user, pk), attachment_id)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, attachment_id):
        report_attachment_remove(actor=request.user, report_id=pk, attachment_id=attachment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProgrammeReports(APIView):
    """The information center's view: every department's report, the ones not yet submitted first."""

    @extend_schema(operation_id="trials_reports_list", responses=inline_serializer("TrialReports", {
        "pending": ReportSerializer(many=True), "filed": ReportSerializer(many=True)}))
    def get(self, request, pk):
        programme = programme_for(request.user, pk)
        if not perms.may_manage(request.user):
            raise PermissionDenied("只有市信息中心可以查看各单位的报送情况。")
        reports = list(programme.reports.select_related("department").prefetch_related("attachments")
                       .order_by("department__sort_order", "id"))
        context = {"request": request}
        pending = pending_reports(reports)
        filed = [r for r in reports if r not in pending]
        return Response({"pending": ReportSerializer(pending, many=True, context=context).data,
                         "filed": ReportSerializer(filed, many=True, context=context).data})
