"""/api/v1/trials/<id>/people/, coordination/, working-group/, consult-phone/, groups-due/, groups/chase/ and
/api/v1/trials/contacts/: the trial's people (seed 004 §1, §3, §6, §7), with the pages' services and checks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.api_errors import valid_form
from oa.trial import permissions as perms
from oa.trial.api.serializers import (
    CoordinationInSerializer,
    CoordinationSerializer,
    PublishedContactsSerializer,
    WorkingGroupSerializer,
)
from oa.trial.forms import ConsultPhoneForm, GroupsDueForm, WorkingGroupForm
from oa.trial.people import coordination_of, group_rows, owed, published_contacts
from oa.trial.selectors import programme_for, shown_departments
from oa.trial.services import people as people_service

PeopleSerializer = inline_serializer("TrialPeople", {
    "programme": serializers.IntegerField(),
    "groups_due": serializers.DateField(allow_null=True),
    "groups_chased_at": serializers.DateTimeField(allow_null=True),
    "coordination": CoordinationSerializer(allow_null=True),
    "working_groups": WorkingGroupSerializer(many=True),
    "missing": inline_serializer("TrialPeopleMissing", {
        "groups": serializers.ListField(child=serializers.IntegerField(), help_text="工作组未报的单位 id"),
        "phones": serializers.ListField(child=serializers.IntegerField(), help_text="咨询电话未报的网上审批单位 id"),
    }, allow_null=True, help_text="仅市信息中心可见"),
})


def _people(request, pk) -> Response:
    programme = programme_for(request.user, pk)
    department_ids = sorted(set(programme.participants.values_list("department_id", flat=True)))
    rows = group_rows(programme, shown_departments(request.user, department_ids))
    group = coordination_of(programme)
    return Response({
        "programme": programme.pk, "groups_due": programme.groups_due, "groups_chased_at": programme.groups_chased_at,
        "coordination": CoordinationSerializer(group).data if group else None,
        "working_groups": WorkingGroupSerializer(rows, many=True).data,
        "missing": owed(programme) if perms.may_manage(request.user) else None,
    })


class ProgrammePeople(APIView):
    @extend_schema(responses=PeopleSerializer)
    def get(self, request, pk):
        """The 统筹协调小组, the working groups (the information center: every department's; others: their own),
        the due date and — for the information center — who still owes what."""
        return _people(request, pk)


class ProgrammeCoordination(APIView):
    @extend_schema(request=CoordinationInSerializer, responses=PeopleSerializer)
    def post(self, request, pk):
        """Record or replace the 统筹协调小组 (the information center); published on the portal."""
        incoming = CoordinationInSerializer(data=request.data)
        if not incoming.is_valid():
            raise ApiValidationError(incoming.errors)
        data = incoming.validated_data
        people_service.coordination_save(actor=request.user, programme_id=pk, group=people_service.Coordination(
            leader=data["leader"], deputy=data.get("deputy"), members=data.get("members") or [],
            fault_phone=data.get("fault_phone", ""), contacts=[dict(c) for c in data.get("contacts") or []]))
        return _people(request, pk)


class ProgrammeWorkingGroup(APIView):
    @extend_schema(request=inline_serializer("TrialWorkingGroupIn", {
        "leader": serializers.IntegerField(help_text="组长：本单位人员 id"),
        "members": serializers.ListField(child=serializers.IntegerField(), required=False, help_text="成员：本单位人员 id"),
        "contact": serializers.IntegerField(help_text="专人：本单位人员 id（与市信息中心联系）"),
        "phone": serializers.CharField(required=False, help_text="专人联系电话；不填取专人本人的电话")}),
        responses=PeopleSerializer)
    def post(self, request, pk):
        """The caller's own department's working group; persons of the department only (a name or another
        department's person is refused in Chinese)."""
        data = valid_form(WorkingGroupForm, request.data).cleaned_data
        people_service.working_group_save(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                          leader=data["leader"], contact=data["contact"], members=data["members"],
                                          phone=data["phone"])
        return _people(request, pk)


class ProgrammeConsultPhone(APIView):
    @extend_schema(request=inline_serializer("TrialConsultPhone", {"phone": serializers.CharField()}),
                   responses=PeopleSerializer)
    def post(self, request, pk):
        """The caller's department's 网上审批业务咨询电话 (approval-system units)."""
        form = valid_form(ConsultPhoneForm, request.data)
        people_service.consult_phone_save(actor=request.user, programme_id=pk, department_id=request.user.department_id,
                                          phone=form.cleaned_data["phone"])
        return _people(request, pk)


class ProgrammeGroupsDue(APIView):
    @extend_schema(request=inline_serializer("TrialGroupsDue", {"groups_due": serializers.DateField(allow_null=True)}),
                   responses=PeopleSerializer)
    def post(self, request, pk):
        """Set or clear (null) the date the working groups and 咨询电话 are due by (the information center)."""
        form = valid_form(GroupsDueForm, request.data)
        people_service.groups_due_set(actor=request.user, programme_id=pk, due=form.cleaned_data["groups_due"])
        return _people(request, pk)


class ProgrammeGroupsChase(APIView):
    @extend_schema(request=None, responses=inline_serializer("TrialGroupsChase", {"chased": serializers.IntegerField()}))
    def post(self, request, pk):
        """催报: tell every department still owing its working group or 咨询电话 (the information center)."""
        return Response({"chased": people_service.groups_chase(actor=request.user, programme_id=pk)})


class PublishedContacts(APIView):
    @extend_schema(responses=PublishedContactsSerializer)
    def get(self, request):
        """What the portal publishes for the current programme: the 统筹协调小组 (报障电话, 组长, 副组长, members,
        contacts) and the approval units' 网上审批业务咨询电话."""
        return Response(PublishedContactsSerializer(published_contacts()).data)
