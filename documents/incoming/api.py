"""/api/v1/deliveries/ — the receiving side, in the same style as documents."""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.api import sheet_endpoints
from documents.incoming.forms import DeliveryStepForm, InboxFilterForm, PaperArrivalForm
from documents.incoming.permissions import delivery_actions
from documents.incoming.selectors import (
    InboxFilter,
    deliveries_waiting_for,
    delivery_for,
    delivery_page,
    handwriting_png,
    readings_waiting_for,
    register_page,
    with_flow_rows,
)
from documents.incoming.services.actions import DELIVERY_ACTIONS, MAX_BATCH, deliveries_sign_for, delivery_act
from documents.incoming.services.circulation import circulation_recall, reading_mark_read
from documents.incoming.services.paper import delivery_register_paper
from documents.incoming.services.scans import delivery_scan_add
from documents.incoming.views.grades import with_grades
from documents.incoming.views.scans import scan_response
from documents.incoming.views.sheets import delivery_sheets_response
from documents.models import Assist, Delivery, DeliveryScan, Handling, LeaderTurn
from oa.core.api_errors import known_transition, valid_form
from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.org.api_flow import FlowFields
from oa.uploads.api import (
    GATED_FILE_FIELDS,
    GATED_FILE_RESPONSES,
    DeclarationSerializer,
    GatedFileSerializer,
    gate_arguments,
    uploaded_file,
)


class ScanSerializer(serializers.ModelSerializer):
    """A paper arrival's scan (opened at /api/v1/deliveries/{id}/scans/{scan_id}/)."""

    class Meta:
        model = DeliveryScan
        fields = GATED_FILE_FIELDS


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
                  "transferred_to", "transferred_from", "sender_department", "paper_copies", "paper_received_on",
                  "merged_into"]

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
        return reverse("api-delivery-handwriting", args=[turn.delivery_id, "turn", turn.pk]) if turn.signature_png else None


class AssistSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Assist
        fields = ["person", "person_name", "lead", "result", "done_at"]


class DeliveryDetailSerializer(FlowFields, DeliverySerializer):
    proposed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_assignee = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    proposed_assistants = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    instructions = LeaderTurnSerializer(source="leader_turns", many=True, read_only=True,
                                        help_text="领导批示：已批示的按批示时间先后，其后为待批示的")
    assists = AssistSerializer(many=True, read_only=True, help_text="承办：主办（lead）在前，其后为协办及其协办意见")
    trail = serializers.SerializerMethodField()
    circulations = serializers.SerializerMethodField()
    scans = serializers.SerializerMethodField()

    class Meta(DeliverySerializer.Meta):
        fields = [*DeliverySerializer.Meta.fields, "proposed_by", "proposed_at", "proposed_assignee",
                  "proposed_assistants", "instructions", "assists", "trail", "circulations", "scans",
                  "current_handlers", "flow"]

    @extend_schema_field(ScanSerializer(many=True))
    def get_scans(self, delivery) -> list[dict]:
        # Only a paper arrival has scans: no query for a delivery of an in-system document.
        return ScanSerializer(delivery.scans.all(), many=True).data if delivery.on_paper else []

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
                           "handwriting": reverse("api-delivery-handwriting", args=[delivery.pk, "reading", r.pk])
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


PAPER_ARRIVAL_FIELDS = {
    "title": serializers.CharField(), "sender_name": serializers.CharField(),
    "sender_number": serializers.CharField(required=False), "urgency": serializers.CharField(required=False),
    "copies": serializers.IntegerField(required=False), "reply_requested": serializers.BooleanField(required=False),
    "received_on": serializers.DateField(required=False, help_text="收文日期（来文送达之日），默认今天，不能晚于今天"),
}


class PaperArrivalUploadSerializer(DeclarationSerializer):
    """A paper arrival with its scans (multipart): the fields, `scans` repeated, and the declaration."""

    title = serializers.CharField()
    sender_name = serializers.CharField()
    sender_number = serializers.CharField(required=False)
    urgency = serializers.CharField(required=False)
    copies = serializers.IntegerField(required=False)
    reply_requested = serializers.BooleanField(required=False)
    received_on = serializers.DateField(required=False, help_text="收文日期（来文送达之日），默认今天，不能晚于今天")
    scans = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text="扫描件（PDF 或 JPG、PNG，可多个，经密级检查）")


class HeldScanSerializer(serializers.Serializer):
    upload_record = serializers.IntegerField(help_text="上传记录（待本单位保密员审核）")
    name = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class PaperArrivalResultSerializer(DeliveryDetailSerializer):
    held_scans = serializers.SerializerMethodField()

    class Meta(DeliveryDetailSerializer.Meta):
        fields = [*DeliveryDetailSerializer.Meta.fields, "held_scans"]

    @extend_schema_field(HeldScanSerializer(many=True))
    def get_held_scans(self, delivery) -> list[dict]:
        return [{"upload_record": r.pk, "name": r.name, "reasons": r.reasons} for r in self.context["held_scans"]]


class PaperArrival(APIView):
    @extend_schema(request={"application/json": inline_serializer("PaperArrivalRequest", PAPER_ARRIVAL_FIELDS),
                            "multipart/form-data": PaperArrivalUploadSerializer},
                   responses={201: PaperArrivalResultSerializer})
    def post(self, request):
        """Register a paper arrival; with multipart, its scans too (a refused scan registers nothing; a held
        one is listed in `held_scans`, to add with POST …/scans/ once the 保密员 has released it)."""
        data = request.data
        fields = ({key: data.get(key) for key in data if key not in request.FILES} if hasattr(data, "getlist")
                  else dict(data))
        form = valid_form(PaperArrivalForm, {"urgency": "normal", "copies": 1, **fields}, files=request.FILES)
        registered = delivery_register_paper(actor=request.user, **form.arrival())
        delivery = with_grades([delivery_for(request.user, registered.pk)])[0]
        context = {"request": request, "held_scans": registered.held_scans}
        return Response(PaperArrivalResultSerializer(delivery, context=context).data, status=status.HTTP_201_CREATED)


class DeliveryDetail(APIView):
    @extend_schema(responses=DeliveryDetailSerializer)
    def get(self, request, pk):
        return _detail(request, pk)


class DeliveryTransition(APIView):
    """POST /api/v1/deliveries/{id}/{transition}/ — `text`, and per step: handling and readers (screen);
    assignee, assistants, leaders, final_leader (propose); assignee, assistants, due, signature (instruct);
    leader, alongside (add_leader); department (transfer); circle, signature (remark); days; reply; into,
    copies, received_on (merge_paper: 并入网上来文, on a paper arrival)."""

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
        "into": serializers.IntegerField(required=False, help_text="并入网上来文：本单位网上来文（收文）的 id"),
        "copies": serializers.IntegerField(required=False, help_text="并入网上来文：纸质件份数（默认按纸质来文登记）"),
        "received_on": serializers.DateField(required=False, help_text="并入网上来文：纸质件收到日期（默认按签收时间）"),
    }), responses=DeliveryDetailSerializer)
    def post(self, request, pk, transition):
        known_transition(transition, DELIVERY_ACTIONS, noun="办理环节")
        delivery = delivery_for(request.user, pk)
        form = valid_form(DeliveryStepForm, request.data, department=delivery.department)
        delivery_act(actor=request.user, delivery_id=pk, action=transition, data=form.cleaned_data)
        return _detail(request, pk)


BatchSignRequest = inline_serializer("BatchSignRequest", {
    "ids": serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=MAX_BATCH,
                                 help_text=f"要签收的收文 id（一次最多 {MAX_BATCH} 件）"),
    "register": serializers.BooleanField(required=False, default=False, help_text="签收后同时登记（签收并登记）"),
})
BatchSignResult = inline_serializer("BatchSignResult", {
    "signed": serializers.ListField(child=serializers.IntegerField(), help_text="已签收（并登记）的收文 id"),
    "failed": inline_serializer("BatchSignFailure", {
        "id": serializers.IntegerField(), "reason": serializers.CharField(help_text="未签收的原因"),
    }, many=True),
})


class DeliveriesSignFor(APIView):
    """POST /api/v1/deliveries/sign-for/ — 批量签收 (with `register`: 签收并登记): each delivery through its own
    step(s) and transaction; the answer lists what was signed for and, for each other id, why not."""

    @extend_schema(operation_id="deliveries_sign_for_batch", request=BatchSignRequest, responses={200: BatchSignResult})
    def post(self, request):
        ids, register = request.data.get("ids"), request.data.get("register", False)
        if not isinstance(ids, list) or not all(isinstance(pk, int) and not isinstance(pk, bool) for pk in ids):
            raise serializers.ValidationError({"ids": "请以整数列表给出要签收的收文 id（ids）。"})
        if not isinstance(register, bool):
            raise serializers.ValidationError({"register": "register 须为 true 或 false。"})
        failed = deliveries_sign_for(actor=request.user, delivery_ids=ids, register=register)
        refused = {pk for pk, _ in failed}
        return Response({"signed": [pk for pk in dict.fromkeys(ids) if pk not in refused],
                         "failed": [{"id": pk, "reason": reason} for pk, reason in failed]})


class DeliveryScans(APIView):
    """POST /api/v1/deliveries/{id}/scans/ — one more scan of a paper arrival (the page's 上传扫描件)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer}, responses={201: ScanSerializer})
    def post(self, request, pk):
        scan = delivery_scan_add(actor=request.user, delivery_id=pk, upload=uploaded_file(request, "扫描件"),
                                 gate=gate_arguments(request.data))
        return Response(ScanSerializer(scan).data, status=status.HTTP_201_CREATED)


class DeliveryScanFile(APIView):
    @extend_schema(operation_id="deliveries_scan_open", responses=GATED_FILE_RESPONSES)
    def get(self, request, pk, scan_id):
        """The scan's bytes, as the type the upload gate detected: a PDF or picture opens in the browser."""
        return scan_response(request.user, pk, scan_id)


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


class DeliveryHandwriting(APIView):
    """GET /api/v1/deliveries/{id}/handwriting/{turn|reading}/{row}.png — a handwritten 批示."""

    @extend_schema(operation_id="deliveries_handwriting", responses={(200, "image/png"): OpenApiTypes.BINARY},
                   parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=["turn", "reading"],
                                                description="turn：领导批示；reading：传阅批示")])
    def get(self, request, pk, kind, row_id):
        return HttpResponse(handwriting_png(request.user, pk, kind, row_id), content_type="image/png")


DeliverySheet, DeliverySheets = sheet_endpoints(
    delivery_sheets_response, "The delivery's 收文处理笺 (every 批示 in order, with names, handwriting and dates).",
    "Several 收文处理笺 in one file: each on its own page of the PDF, or after a page break in the DOCX.")
