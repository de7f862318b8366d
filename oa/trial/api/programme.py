"""/api/v1/trials/ and /api/v1/trials/<id>/…: the programme, its participants, target, trainings, and the transmission rules
(the working groups and the other people of the trial: api/people.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core import pagination
from oa.core.api_errors import known_transition, valid_form
from oa.trial import permissions as perms
from oa.trial.api.serializers import (
    ParticipantSerializer,
    ProgrammeSerializer,
    ReportSerializer,
    RuleSerializer,
)
from oa.trial.forms import (
    ParticipantForm,
    ProgrammeForm,
    RuleForm,
    TargetForm,
    TrainingForm,
)
from oa.trial.models import TransmissionRule
from oa.trial.selectors import department_scope, programme_for, programmes, shown_departments
from oa.trial.services.figures import programme_figures
from oa.trial.services.programme import (
    participant_add,
    programme_create,
    programme_set_target,
    programme_transition,
    training_record,
)
from oa.trial.services.reports import report_chase
from oa.trial.services.rule import rule_create


def _programme_detail(request, pk) -> Response:
    programme = programme_for(request.user, pk)
    scope = department_scope(request.user)
    participants = list(programme.participants.select_related("department"))
    shown = shown_departments(request.user, sorted({p.department_id for p in participants}))
    reports = programme.reports.filter(**scope)
    groups = programme.working_groups.filter(**scope)
    data = ProgrammeSerializer(programme, context={"request": request}).data
    data.update(
        participants=ParticipantSerializer(participants, many=True).data,
        working_groups=[{"department": g.department_id, "leader": g.leader_id, "contact": g.contact_id, "phone": g.phone,
                         "members": [m.pk for m in g.members.all()]} for g in groups.prefetch_related("members")],
        trainings=[{"department": t.department_id, "held_on": t.held_on, "topic": t.topic, "expected": t.expected,
                    "attended": t.attended} for t in programme.trainings.filter(**scope)],
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
        "groups_due": serializers.DateField(required=False, help_text="工作组及咨询电话报送日期"),
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
                                     groups_due=data["groups_due"],
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
        known_transition(transition, perms.PROGRAMME_ACTIONS)
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
