"""The trial API's serializers: programmes, participants, rules, paper records and usage reports."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oa.trial import permissions as perms
from oa.trial.models import (
    PaperOnlyItem,
    PaperRequirement,
    TransmissionRule,
    TrialParticipant,
    TrialProgramme,
    UsageReport,
    UsageReportAttachment,
)
from oa.trial.selectors import discrepancy_of, paper_chaseable
from oa.uploads.api import GATED_FILE_FIELDS


class ProgrammeSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = TrialProgramme
        fields = ["id", "name", "start_date", "end_date", "paperless_target", "state", "state_label",
                  "available_transitions", "started_at", "ended_at", "reports_complete_at", "groups_due", "groups_chased_at"]
        read_only_fields = ["groups_due", "groups_chased_at"]

    def get_available_transitions(self, programme) -> list[str]:
        user = self.context["request"].user
        return perms.programme_actions(user, programme)


class ParticipantSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = TrialParticipant
        fields = ["department", "department_name", "system", "listed", "joined_at"]


class RuleSerializer(serializers.ModelSerializer):
    paper_to_label = serializers.CharField(source="get_paper_to_display", read_only=True)

    class Meta:
        model = TransmissionRule
        fields = ["id", "version", "effective_from", "text", "paper_chase_working_days", "urgent_exempt", "paper_to",
                  "paper_to_label", "created_at"]
        extra_kwargs = {"paper_to": {"required": False}}


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
        if paper_chaseable(user, requirement):
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


# --- the trial's people (seed 004 §1, §3, §6, §7) ------------------------------------------------------

class PersonBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.SerializerMethodField()
    phone = serializers.CharField()

    def get_department_name(self, person) -> str:
        return person.department.short_name if person.department_id else ""


class CoordinationContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=30)


class CoordinationSerializer(serializers.Serializer):
    leader = PersonBriefSerializer()
    deputy = PersonBriefSerializer(allow_null=True)
    members = PersonBriefSerializer(many=True, source="members.all")
    fault_phone = serializers.CharField()
    contacts = CoordinationContactSerializer(many=True, source="contacts.all")
    updated_at = serializers.DateTimeField()


class CoordinationInSerializer(serializers.Serializer):
    """The 统筹协调小组 as the information center sends it: persons by id, contacts as name and phone."""

    leader = serializers.JSONField(help_text="组长的人员 id")
    deputy = serializers.JSONField(required=False, allow_null=True, help_text="副组长的人员 id")
    members = serializers.ListField(child=serializers.JSONField(), required=False, help_text="成员的人员 id")
    fault_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    contacts = CoordinationContactSerializer(many=True, required=False)


class WorkingGroupSerializer(serializers.Serializer):
    department = serializers.IntegerField(source="department.pk")
    department_name = serializers.CharField(source="department.name")
    systems = serializers.ListField(child=serializers.CharField())
    group_missing = serializers.BooleanField(help_text="工作组未报（或原文字填报、尚未选定人员）")
    phone_missing = serializers.BooleanField(help_text="网上审批单位的咨询电话未报")
    leader = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    legacy_text = serializers.SerializerMethodField()
    consult_phone = serializers.SerializerMethodField()

    @staticmethod
    def _person(person) -> dict | None:
        return PersonBriefSerializer(person).data if person is not None else None

    @extend_schema_field(PersonBriefSerializer(allow_null=True))
    def get_leader(self, row):
        return self._person(row["group"].leader) if row["group"] else None

    @extend_schema_field(PersonBriefSerializer(allow_null=True, help_text="专人：与市信息中心联系"))
    def get_contact(self, row):
        return self._person(row["group"].contact) if row["group"] else None

    @extend_schema_field(PersonBriefSerializer(many=True))
    def get_members(self, row):
        return PersonBriefSerializer(row["group"].members.all(), many=True).data if row["group"] else []

    def get_phone(self, row) -> str:
        return row["group"].phone if row["group"] else ""

    def get_legacy_text(self, row) -> str:
        return row["group"].legacy_text if row["group"] else ""

    def get_consult_phone(self, row) -> str | None:
        """null: not an approval-system unit."""
        return row["approval"].consult_phone if row["approval"] else None


class PublishedHotlineSerializer(serializers.Serializer):
    title = serializers.CharField()
    phone = serializers.CharField()
    hours = serializers.CharField()
    note = serializers.CharField()


class PublishedContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    duty = serializers.CharField()
    department = serializers.CharField()
    phone = serializers.CharField()
    mobile = serializers.CharField()


class ApprovalPhoneSerializer(serializers.Serializer):
    department = serializers.CharField()
    short_name = serializers.CharField()
    phone = serializers.CharField()


class PublishedContactsSerializer(serializers.Serializer):
    programme = serializers.IntegerField(source="programme.pk", allow_null=True)
    hotlines = PublishedHotlineSerializer(many=True)
    contacts = PublishedContactSerializer(many=True)
    approval_phones = ApprovalPhoneSerializer(many=True)
