"""/api/v1/deliveries/ — the receiving side, in the same style as documents."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.incoming.forms import DeliveryStepForm, InboxFilterForm, PaperArrivalForm
from documents.incoming.permissions import delivery_actions
from documents.incoming.selectors import (
    InboxFilter,
    deliveries_waiting_for,
    delivery_for,
    delivery_page,
    readings_waiting_for,
    register_page,
    with_flow_rows,
)
from documents.incoming.services.actions import DELIVERY_ACTIONS, delivery_act
from documents.incoming.services.circulation import circulation_recall, reading_mark_read
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.views.grades import with_grades
from documents.models import Assist, Delivery, Handling, LeaderTurn
from oa.core.api_errors import known_transition, valid_form
from oa.core.pagination import KeysetPagination, api_window, paged_response


class ReadingSerializer(serializers.Serializer):
    reader = serializers.IntegerField()
    reader_name = serializers.CharField()
    read_at = serializers.DateTimeField(allow_null=True)
    recalled = serializers.BooleanField()
    kind = serializers.CharField(help_text="instruct 批示 / circle 圈阅 / 空")
    text = serializers.CharField(allow_blank=True)
    written_at = serializers.DateTimeField(allow_null=True)
    handwriting = serializers.CharField(allow_null=True)


class CirculationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sender = serializers.IntegerField()
    as_reading = serializers.BooleanField(help_text="初审定为阅件的传阅：全部阅毕即办结")
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    recalled_at = serializers.DateTimeField(allow_null=True)
    readings = ReadingSerializer(many=True)


class DeliverySerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    register_number = serializers.CharField(read_only=True)
    grade = serializers.CharField(read_only=True, default="")
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "document", "department", "kind", "state", "state_label", "available_transitions", "title",
                  "sender_name", "sender_number", "urgency", "copies", "on_paper", "reply_requested", "sent_at",
                  "signed_by", "signed_at", "register_number", "handling", "proposal", "instruction", "assignee",
                  "due_date", "grade", "extension_days", "return_reason", "result", "reply", "done_at",
                  "transferred_to", "transferred_from"]

    def get_available_transitions(self, delivery) -> list[str]:
        return delivery_actions(self.context["request"].user, delivery)


class LeaderTurnSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    handwriting = serializers.SerializerMethodField()

    class Meta:
        model = LeaderTurn
        fields = ["id", "person", "person_name", "round", "current", "added_by", "kind", "kind_label", "text",
                  "handwriting", "done_at"]

    def get_handwriting(self, turn) -> str | None:
        return reverse("delivery-signature", args=[turn.delivery_id, "turn", turn.pk]) if turn.signature_png else None


class AssistSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Assist
        fields = ["person", "person_name", "result", "done_at"]


class DeliveryDetailSerializer(DeliverySerializer):
    proposed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_assignee = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_assistants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    instructions = LeaderTurnSerializer(source="leader_turns", many=True, read_only=True,
                                        help_text="领导批示：已批示的按批示时间先后，其后为待批示的")
    assists = AssistSerializer(many=True, read_only=True)
    trail = serializers.SerializerMethodField()
    circulations = serializers.SerializerMethodField()

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "proposed_by", "proposed_at", "proposed_assignee",
                  "proposed_assistants", "instructions", "assists", "trail", "circulations"]

    def get_trail(self, delivery) -> list[dict]:
        return [{"action": s.action, "actor": s.actor_id, "actor_name": s.actor_name, "text": s.text, "at": s.at}
                for s in delivery.steps.all()]

    @extend_schema_field(CirculationSerializer(many=True))
    def get_circulations(self, delivery) -> list[dict]:
        return [
            {"id": c.pk, "sender": c.sender_id, "as_reading": c.as_reading, "note": c.note, "created_at": c.created_at,
             "recalled_at": c.recalled_at,
             "readings": [{"reader": r.reader_id, "reader_name": r.reader.name, "read_at": r.read_at,
                           "recalled": r.recalled, "kind": r.kind, "text": r.text, "written_at": r.written_at,
                           "handwriting": reverse("delivery-signature", args=[delivery.pk, "reading", r.pk])
                           if r.signature_png else None}
                          for r in c.readings.all()]}
            for c in delivery.circulations.all()
        ]


def _detail(request, pk) -> Response:
    delivery = with_grades([delivery_page(request.user, pk)])[0]
    return Response(DeliveryDetailSerializer(delivery, context={"request": request}).data)


LIST_PARAMETERS = [
    OpenApiParameter("list", str, enum=["todo", "register"], description="待办（默认）或收文登记簿"),
    OpenApiParameter("state", str), OpenApiParameter("urgency", str), OpenApiParameter("q", str),
    OpenApiParameter("since", str, description="YYYY-MM-DD"), OpenApiParameter("until", str),
]


class DeliveryList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(parameters=LIST_PARAMETERS, responses=DeliverySerializer(many=True))
    def get(self, request):
        form = InboxFilterForm(request.query_params or None)
        if request.query_params and not form.is_valid():
            raise serializers.ValidationError(form.errors)
        criteria = form.criteria() if request.query_params else InboxFilter()
        listing = register_page if request.query_params.get("list") == "register" else deliveries_waiting_for
        page = listing(request.user, criteria, **api_window(request))
        rows = with_flow_rows(with_grades(page.rows))
        return paged_response(request, DeliverySerializer(rows, many=True, context={"request": request}).data, page)


class PaperArrival(APIView):
    @extend_schema(request=inline_serializer("PaperArrivalRequest", {
        "title": serializers.CharField(), "sender_name": serializers.CharField(),
        "sender_number": serializers.CharField(required=False), "urgency": serializers.CharField(required=False),
        "copies": serializers.IntegerField(required=False), "reply_requested": serializers.BooleanField(required=False),
    }), responses={201: DeliveryDetailSerializer})
    def post(self, request):
        form = valid_form(PaperArrivalForm, {"urgency": "normal", "copies": 1, **request.data.dict()}
                          if hasattr(request.data, "dict") else {"urgency": "normal", "copies": 1, **request.data})
        delivery = delivery_register_paper(actor=request.user, **form.cleaned_data)
        response = _detail(request, delivery.pk)
        response.status_code = status.HTTP_201_CREATED
        return response


class DeliveryDetail(APIView):
    @extend_schema(responses=DeliveryDetailSerializer)
    def get(self, request, pk):
        return _detail(request, pk)


class DeliveryTransition(APIView):
    """POST /api/v1/deliveries/{id}/{transition}/ — `text`, and per step: handling and readers (screen);
    assignee, assistants, leaders, final_leader (propose); assignee, assistants, due, signature (instruct);
    leader, alongside (add_leader); department (transfer); circle, signature (remark); days; reply."""

    @extend_schema(operation_id="deliveries_transition", request=inline_serializer("DeliveryStepRequest", {
        "text": serializers.CharField(required=False, help_text="意见、批示、原因或办理结果"),
        "assignee": serializers.IntegerField(required=False, help_text="主办人"),
        "due": serializers.DateField(required=False),
        "days": serializers.IntegerField(required=False), "readers": serializers.ListField(child=serializers.IntegerField(), required=False),
        "reply": serializers.CharField(required=False),
        "handling": serializers.ChoiceField(choices=Handling.choices, required=False, help_text="初审：办件或阅件"),
        "assistants": serializers.ListField(child=serializers.IntegerField(), required=False, help_text="协办人"),
        "leaders": serializers.ListField(child=serializers.IntegerField(), required=False,
                                         help_text="拟办：同时送批的领导"),
        "final_leader": serializers.IntegerField(required=False, help_text="拟办：其后再送的领导（主要负责人）"),
        "leader": serializers.IntegerField(required=False, help_text="加送的领导"),
        "alongside": serializers.BooleanField(required=False, help_text="加送领导与本人同时批示（默认在本人之后）"),
        "department": serializers.IntegerField(required=False, help_text="转办单位"),
        "circle": serializers.BooleanField(required=False, help_text="阅批：圈阅"),
        "signature": serializers.CharField(required=False, help_text="手写签批，data:image/png;base64,…"),
    }), responses=DeliveryDetailSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, DELIVERY_ACTIONS, noun="办理环节")
        delivery = delivery_for(request.user, pk)
        form = valid_form(DeliveryStepForm, request.data, department=delivery.department)
        delivery_act(actor=request.user, delivery_id=pk, action=transition, data=form.cleaned_data)
        return _detail(request, pk)


class DeliveryRead(APIView):
    @extend_schema(request=None, responses=inline_serializer("ReadResult", {"marked": serializers.IntegerField()}))
    def post(self, request, pk):
        delivery_for(request.user, pk)
        return Response({"marked": reading_mark_read(actor=request.user, delivery_id=pk)})


class CirculationRecall(APIView):
    @extend_schema(request=None, responses=inline_serializer("RecallResult", {"recalled": serializers.IntegerField()}))
    def post(self, request, pk, circulation_id):
        return Response({"recalled": circulation_recall(actor=request.user, circulation_id=circulation_id)})


class ReadingList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(responses=inline_serializer("PendingReading", {
        "delivery": serializers.IntegerField(), "title": serializers.CharField(), "sender": serializers.CharField(),
        "circulated_at": serializers.DateTimeField(),
    }, many=True))
    def get(self, request):
        page = readings_waiting_for(request.user, **api_window(request))
        return paged_response(request, [{"delivery": r.circulation.delivery_id, "title": r.circulation.delivery.title,
                                         "sender": r.circulation.sender.name, "circulated_at": r.circulation.created_at}
                                        for r in page.rows], page)
