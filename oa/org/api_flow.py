"""当前办理人 and the flow picture in the JSON API: two read-only fields a detail serializer takes by inheriting
`FlowFields` (documents and deliveries), the same answer as the page's `{% flow_picture %}` (oa/org/flow.py)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from oa.core.flow_picture import StepStatus
from oa.org.flow import flow_of


class CurrentHandlerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField(allow_null=True, help_text="所在单位名称")


class FlowStepSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField(help_text="步骤名称，如 核稿、签发；退回、作废等旁支状态为其状态名称")
    status = serializers.ChoiceField(choices=StepStatus.choices)


class FlowFields(serializers.Serializer):
    current_handlers = serializers.SerializerMethodField(help_text="当前办理人：当前步骤等待其办理的人员")
    flow = serializers.SerializerMethodField(help_text="办理流程：主流程各步骤（取自状态图）及其状态；处于旁支状态时列在最后")

    @extend_schema_field(CurrentHandlerSerializer(many=True))
    def get_current_handlers(self, obj) -> list[dict]:
        flow = flow_of(obj)
        if flow is None:
            return []
        return [{"id": person.pk, "name": person.name,
                 "department": person.department.name if person.department_id else None} for person in flow.people]

    @extend_schema_field(FlowStepSerializer(many=True))
    def get_flow(self, obj) -> list[dict]:
        flow = flow_of(obj)
        return [{"state": s.state, "label": s.label, "status": s.status} for s in flow.steps] if flow else []
