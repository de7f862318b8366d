"""The trial API's serializers: programmes, participants, rules, paper records and usage reports."""

from __future__ import annotations

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
