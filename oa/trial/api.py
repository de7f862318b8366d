"""/api/v1/trials/ — programmes, rules, paper records and confirmations, reconciliation, paper-only
items and usage reports; the same services and permission checks as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core import pagination
from oa.core.api_errors import valid_form
from oa.core.params import whole_number
from oa.trial import permissions as perms
from oa.trial.choices import Discrepancy, ReportState
from oa.trial.forms import (
    PaperConfirmForm,
    PaperOnlyForm,
    PaperSentForm,
    ParticipantForm,
    ProgrammeForm,
    ReportForm,
    ReportReturnForm,
    RuleForm,
    TargetForm,
    TrainingForm,
    UrgentChannelForm,
    WorkingGroupForm,
)
from oa.trial.models import (
    PaperOnlyItem,
    PaperRequirement,
    TransmissionRule,
    TrialParticipant,
    TrialProgramme,
    UsageReport,
    UsageReportAttachment,
)
from oa.trial.selectors import (
    discrepancy_of,
    paper_for,
    paper_only_items,
    paper_worklist,
    programme_for,
    programmes,
    reconciliation,
    reconciliation_counts,
)
from oa.trial.services.figures import programme_figures
from oa.trial.services.paper import (
    PaperSent,
    paper_bulk_confirm,
    paper_chase,
    paper_confirm,
    paper_only_record,
    paper_record,
    paper_urgent_channel,
)
from oa.trial.services.programme import (
    participant_add,
    programme_create,
    programme_set_target,
    programme_transition,
    training_record,
    working_group_save,
)
from oa.trial.services.reports import attachment_add as report_attachment_add
from oa.trial.services.reports import attachment_remove as report_attachment_remove
from oa.trial.services.reports import (
    report_approve,
    report_archive,
    report_chase,
    report_file_name,
    report_for,
    report_return,
    report_save,
    report_submit,
)
from oa.trial.services.rule import rule_create
from oa.uploads.api import GATED_FILE_FIELDS, GatedFileSerializer, gate_arguments, uploaded_file


class ProgrammeSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = TrialProgramme
        fields = ["id", "name", "start_date", "end_date", "paperless_target", "state", "state_label",
                  "available_transitions", "started_at", "ended_at", "reports_complete_at"]

    def get_available_transitions(self, programme) -> list[str]:
        user = self.context["request"].user
        return perms.programme_actions(user, programme)


class ParticipantSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = TrialParticipant
        fields = ["department", "department_name", "system", "listed", "joined_at"]


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = TransmissionRule
        fields = ["id", "version", "effective_from", "text", "paper_chase_working_days", "urgent_exempt", "created_at"]


class PaperSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    title = serializers.CharField(source="delivery.title", read_only=True)
    delivery_state = serializers.CharField(source="delivery.state", read_only=True)
    rule_version = serializers.IntegerField(source="rule.version", read_only=True)
    discrepancy = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = PaperRequirement
        fields = ["id", "delivery", "title", "programme", "rule_version", "sender_department", "receiving_department",
                  "dispatched_on", "state", "state_label", "available_transitions", "discrepancy", "urgent_channel",
                  "sent_count", "copy_range", "sent_on", "method", "received_count", "received_on", "paper_arrival",
                  "delivery_state", "last_chased_at", "chase_count"]

    def get_discrepancy(self, requirement) -> str:
        return discrepancy_of(requirement)

    def get_available_transitions(self, requirement) -> list[str]:
        user = self.context["request"].user
        actions = perms.paper_actions(user, requirement)
        if perms.may_paper(user, "chase", requirement) and discrepancy_of(requirement) not in ("", Discrepancy.RECONCILED):
            actions.append("chase")
        return actions


class PaperOnlySerializer(serializers.ModelSerializer):
    class Meta:
        model = PaperOnlyItem
        fields = ["id", "department", "counterpart", "direction", "count", "on_date", "recorded_at"]


class ReportAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = UsageReportAttachment
        fields = GATED_FILE_FIELDS


class ReportSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    available_transitions = serializers.SerializerMethodField()
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = UsageReport
        fields = ["id", "programme", "department", "department_name", "state", "state_label", "available_transitions",
                  "figures", "usage", "problems", "suggestions", "submitted_by", "submitted_at", "returned_by",
                  "returned_at", "return_reason", "filed_by", "filed_at", "archived_by", "archived_at", "pdf_sha256",
                  "docx_sha256", "last_chased_at", "attachments"]

    def get_available_transitions(self, report) -> list[str]:
        request = self.context.get("request")
        return perms.report_actions(request.user, report) if request else []


def _programme_detail(request, pk) -> Response:
    programme = programme_for(request.user, pk)
    user = request.user
    manager = perms.may_manage(user)
    participants = list(programme.participants.select_related("department"))
    ids = sorted({p.department_id for p in participants})
    shown = ids if manager else [d for d in ids if d == user.department_id]
    reports = programme.reports.all() if manager else programme.reports.filter(department_id=user.department_id)
    groups = programme.working_groups.all() if manager else programme.working_groups.filter(department_id=user.department_id)
    data = ProgrammeSerializer(programme, context={"request": request}).data
    data.update(
        participants=ParticipantSerializer(participants, many=True).data,
        working_groups=[{"department": g.department_id, "leader_name": g.leader_name, "contact_name": g.contact_name,
                         "phone": g.phone} for g in groups],
        trainings=[{"department": t.department_id, "held_on": t.held_on, "topic": t.topic, "expected": t.expected,
                    "attended": t.attended} for t in programme.trainings.filter(**({} if manager else {"department_id": user.department_id}))],
        figures={str(k): v for k, v in (programme_figures(programme, shown) if shown else {}).items()},
        reports=ReportSerializer(reports.select_related("department", "programme").prefetch_related("attachments"), many=True,
                                 context={"request": request}).data,
    )
    return Response(data)


class ProgrammeList(APIView):
    pagination_class = pagination.KeysetPagination

    @extend_schema(responses=ProgrammeSerializer(many=True))
    def get(self, request):
        page = programmes(**pagination.api_window(request))
        return pagination.paged_response(request, ProgrammeSerializer(page.rows, many=True, context={"request": request}).data, page)

    @extend_schema(request=inline_serializer("TrialCreate", {
        "name": serializers.CharField(), "start_date": serializers.DateField(), "end_date": serializers.DateField(),
        "paperless_target": serializers.DateField(required=False),
        "office": serializers.ListField(child=serializers.IntegerField(), required=False),
        "approval": serializers.ListField(child=serializers.IntegerField(), required=False),
        "convenience": serializers.ListField(child=serializers.IntegerField(), required=False),
    }), responses={201: ProgrammeSerializer})
    def post(self, request):
        if not perms.may_manage(request.user):
            raise PermissionDenied("只有市信息中心可以设立试运行。")
        form = valid_form(ProgrammeForm, request.data)
        data = form.cleaned_data
        programme = programme_create(actor=request.user, name=data["name"], start_date=data["start_date"],
                                     end_date=data["end_date"], paperless_target=data["paperless_target"],
                                     participants=form.participants())
        response = _programme_detail(request, programme.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class ProgrammeDetail(APIView):
    @extend_schema(responses=ProgrammeSerializer)
    def get(self, request, pk):
        return _programme_detail(request, pk)


class ProgrammeTransition(APIView):
    @extend_schema(operation_id="trials_transition", request=None, responses=ProgrammeSerializer)
    def post(self, request, pk, transition):
        if transition not in perms.PROGRAMME_ACTIONS:
            raise NotFound(f"没有“{transition}”这一操作。可用：{', '.join(perms.PROGRAMME_ACTIONS)}")
        programme_transition(actor=request.user, programme_id=pk, action=transition)
        return _programme_detail(request, pk)


class ProgrammeParticipants(APIView):
    @extend_schema(request=inline_serializer("TrialParticipantAdd", {
        "department": serializers.IntegerField(), "system": serializers.CharField(),
        "listed": serializers.BooleanField(required=False, help_text="false：本单位自行加入")}),
        responses={201: ParticipantSerializer})
    def post(self, request, pk):
        form = valid_form(ParticipantForm, request.data)
        listed = str(request.data.get("listed", "true")).lower() not in ("false", "0", "")
        participant = participant_add(actor=request.user, programme_id=pk, department_id=form.cleaned_data["department"].pk,
                                      system=form.cleaned_data["system"], listed=listed)
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)


class ProgrammeTarget(APIView):
    """Set or clear (null) the 无纸化 target date (information center; not before the trial's end)."""

    @extend_schema(request=inline_serializer("TrialTarget", {"paperless_target": serializers.DateField(allow_null=True)}),
                   responses=ProgrammeSerializer)
    def post(self, request, pk):
        form = valid_form(TargetForm, request.data)
        programme = programme_set_target(actor=request.user, programme_id=pk,
                                         paperless_target=form.cleaned_data["paperless_target"])
        return Response(ProgrammeSerializer(programme, context={"request": request}).data)


class ProgrammeWorkingGroup(APIView):
    @extend_schema(request=inline_serializer("TrialWorkingGroup", {
        "leader_name": serializers.CharField(), "contact_name": serializers.CharField(), "phone": serializers.CharField()}),
        responses=inline_serializer("TrialWorkingGroupSaved", {"department": serializers.IntegerField()}))
    def post(self, request, pk):
        form = valid_form(WorkingGroupForm, request.data)
        group = working_group_save(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                   **form.cleaned_data)
        return Response({"department": group.department_id, **form.cleaned_data})


class ProgrammeTraining(APIView):
    @extend_schema(request=inline_serializer("TrialTraining", {
        "held_on": serializers.DateField(), "topic": serializers.CharField(), "expected": serializers.IntegerField(),
        "attended": serializers.IntegerField()}), responses={201: inline_serializer("TrialTrainingSaved", {"id": serializers.IntegerField()})})
    def post(self, request, pk):
        form = valid_form(TrainingForm, request.data)
        session = training_record(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                  **form.cleaned_data)
        return Response({"id": session.pk}, status=status.HTTP_201_CREATED)


class ProgrammeReportsChase(APIView):
    @extend_schema(request=None, responses=inline_serializer("TrialReportChase", {"chased": serializers.IntegerField()}))
    def post(self, request, pk):
        return Response({"chased": report_chase(actor=request.user, programme_id=pk)})


class RuleList(APIView):
    pagination_class = pagination.KeysetPagination

    @extend_schema(responses=RuleSerializer(many=True))
    def get(self, request):
        """Every revision of the rule, in one page (a handful)."""
        return pagination.paged_response(request, RuleSerializer(TransmissionRule.objects.all(), many=True).data, pagination.Page([]))

    @extend_schema(request=RuleSerializer, responses={201: RuleSerializer})
    def post(self, request):
        if not perms.may_manage(request.user):
            raise PermissionDenied("只有市信息中心可以修订传输规则。")
        form = valid_form(RuleForm, request.data)
        return Response(RuleSerializer(rule_create(actor=request.user, **form.cleaned_data)).data,
                        status=status.HTTP_201_CREATED)


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
        if transition not in perms.PAPER_LABELS:
            raise NotFound(f"没有“{transition}”这一操作。可用：{', '.join(perms.PAPER_LABELS)}")
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
        if transition not in perms.REPORT_ACTIONS:
            raise NotFound(f"没有“{transition}”这一操作。可用：{', '.join(perms.REPORT_ACTIONS)}")
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
        name, content_type = report_file_name(report, kind)
        response = HttpResponse(bytes(getattr(report, kind)), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


class ReportAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer}, responses={201: ReportAttachmentSerializer})
    def post(self, request, pk):
        upload = uploaded_file(request)
        attachment = report_attachment_add(actor=request.user, report_id=pk, upload=upload,
                                           gate=gate_arguments(request.data))
        return Response(ReportAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class ReportAttachment(APIView):
    @extend_schema(operation_id="trials_report_attachment_download",
                   responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk, attachment_id):
        attachment = report_for(request.user, pk).attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise NotFound("附件不存在。")
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)

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
        pending = [r for r in reports if r.state in (ReportState.DRAFT, ReportState.AWAITING_LEADER)]
        filed = [r for r in reports if r not in pending]
        return Response({"pending": ReportSerializer(pending, many=True, context=context).data,
                         "filed": ReportSerializer(filed, many=True, context=context).data})
