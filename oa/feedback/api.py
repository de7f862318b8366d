"""/api/v1/tickets/ — every step of the pages, with the same services and permission checks.

Routes (in oa/api_urls.py):
    tickets/                          GET  list (scoped to the person; filters state, severity, category, department)
                                      POST report {"category", "severity", "description", "page_url", "reporter"}
    tickets/<id>/                     GET  detail (state, available_transitions, thread, screenshots)
    tickets/<id>/comments/            GET  the thread   POST {"text": "…"}
    tickets/<id>/screenshots/         POST a screenshot through the classification gate (multipart)
    tickets/<id>/assign/              POST {"assignee": id, "to_vendor": bool, "text"}
    tickets/<id>/faq/                 POST {"question", "answer"} — publish to the portal FAQ
    tickets/<id>/<transition>/        POST accept | start | resolve | confirm | reopen | merge
                                           ({"text", "assignee", "to_vendor", "into"})
    tickets/figures/                  GET  ticket_figures per department and category (?department=&start=&end=)
"""

from datetime import date

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.api_errors import known_transition
from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.core.params import whole_number
from oa.feedback.choices import Category, Severity
from oa.feedback.models import Ticket, TicketEntry, TicketScreenshot
from oa.feedback.permissions import TRANSITIONS, available_actions, is_handler
from oa.feedback.selectors import TicketFilter, ticket_figures, ticket_for, ticket_list, ticket_thread
from oa.feedback.services.faq import ticket_publish_faq
from oa.feedback.services.flow import ticket_assign, ticket_comment, ticket_transition
from oa.feedback.services.reporting import ticket_report, ticket_screenshot_add
from oa.org.models import Person
from oa.uploads.api import GATED_FILE_FIELDS, GatedFileSerializer, gate_arguments, uploaded_file


class EntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketEntry
        fields = ["id", "kind", "action", "author", "author_name", "text", "at"]


class ScreenshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketScreenshot
        fields = GATED_FILE_FIELDS


class TicketSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    severity_label = serializers.CharField(source="get_severity_display", read_only=True)
    sla = serializers.SerializerMethodField(help_text="''（正常）、warning（预警）或 overdue（超时）")
    available_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ["id", "number", "state", "state_label", "available_transitions", "category", "category_label",
                  "severity", "severity_label", "description", "reporter", "reported_by", "department", "assignee",
                  "to_vendor", "sla", "respond_due_at", "resolve_due_at", "created_at", "accepted_at", "resolved_at",
                  "confirmed_at", "updated_at"]

    def get_sla(self, ticket) -> str:
        return ticket.sla_badge()

    def get_available_transitions(self, ticket) -> list[str]:
        return available_actions(self.context["request"].user, ticket)


class TicketDetailSerializer(TicketSerializer):
    thread = serializers.SerializerMethodField()
    screenshots = ScreenshotSerializer(many=True, read_only=True)

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "contact_phone", "page_url", "page_label", "document", "delivery",
                  "object_title", "object_state", "user_agent", "resolution", "merged_into", "reopen_count",
                  "auto_confirmed", "faq_published_at", "thread", "screenshots"]

    def get_thread(self, ticket) -> list[dict]:
        return EntrySerializer(ticket_thread(ticket), many=True).data


class TicketCreateSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices, error_messages={"invalid_choice": "问题类别无效。"})
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.NORMAL,
                                       error_messages={"invalid_choice": "紧急程度无效。"})
    description = serializers.CharField(max_length=4000)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    page_url = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                     help_text="反馈时所在页面的路径，如 /documents/12/；据此记录公文及其状态")
    reporter = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), required=False,
                                                  help_text="代同事反馈时填写（仅限本单位报障联系人）")


def _detail(request, pk, **kwargs) -> Response:
    return Response(TicketDetailSerializer(ticket_for(request.user, pk), context={"request": request}).data, **kwargs)


class TicketList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(parameters=[
        OpenApiParameter("state", str), OpenApiParameter("severity", str), OpenApiParameter("category", str),
        OpenApiParameter("department", int), OpenApiParameter("open", str, description="1：只看未办结"),
    ], responses=TicketSerializer(many=True))
    def get(self, request):
        page = ticket_list(request.user, TicketFilter.from_params(request.query_params),
                           **api_window(request))
        return paged_response(request, TicketSerializer(page.rows, many=True, context={"request": request}).data, page)

    @extend_schema(request=TicketCreateSerializer, responses={201: TicketDetailSerializer})
    def post(self, request):
        serializer = TicketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            ticket = ticket_report(actor=request.user, reporter=data.get("reporter"), fields=data,
                                   page_url=data.get("page_url", ""), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return _detail(request, ticket.pk, status=status.HTTP_201_CREATED)


class TicketDetail(APIView):
    @extend_schema(responses=TicketDetailSerializer)
    def get(self, request, pk):
        return _detail(request, pk)


StepRequest = inline_serializer("TicketStepRequest", {
    "text": serializers.CharField(required=False, help_text="说明；办结时为处理结果（必填），重新打开时为原因（必填）"),
    "assignee": serializers.IntegerField(required=False, help_text="受理时：信息中心处理人 id（默认本人）"),
    "to_vendor": serializers.BooleanField(required=False, help_text="受理时：转厂商处理"),
    "into": serializers.IntegerField(required=False, help_text="合并时：合并到的问题反馈 id"),
})


def _bool(value) -> bool:
    return value is True or str(value).lower() in ("1", "true", "on", "yes")


class TicketTransition(APIView):
    """POST /api/v1/tickets/{id}/{transition}/ — transition is one of available_transitions."""

    @extend_schema(operation_id="tickets_transition", request=StepRequest, responses={200: TicketDetailSerializer, 409: None})
    def post(self, request, pk, transition):
        known_transition(transition, TRANSITIONS, noun="步骤")
        data = request.data
        ticket_transition(actor=request.user, ticket_id=pk, action=transition, text=str(data.get("text", "")),
                          assignee_id=whole_number(data.get("assignee")), to_vendor=_bool(data.get("to_vendor")),
                          into_id=whole_number(data.get("into")))
        return _detail(request, pk)


class TicketAssign(APIView):
    @extend_schema(operation_id="tickets_assign", request=StepRequest, responses={200: TicketDetailSerializer, 409: None})
    def post(self, request, pk):
        data = request.data
        ticket_assign(actor=request.user, ticket_id=pk, assignee_id=whole_number(data.get("assignee")),
                      to_vendor=_bool(data.get("to_vendor")), text=str(data.get("text", "")))
        return _detail(request, pk)


class TicketComments(APIView):
    @extend_schema(responses=EntrySerializer(many=True))
    def get(self, request, pk):
        return Response(EntrySerializer(ticket_thread(ticket_for(request.user, pk)), many=True).data)

    @extend_schema(request=inline_serializer("TicketCommentRequest", {"text": serializers.CharField()}),
                   responses={201: EntrySerializer})
    def post(self, request, pk):
        entry = ticket_comment(actor=request.user, ticket_id=pk, text=str(request.data.get("text", "")))
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class TicketScreenshots(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer}, responses={201: ScreenshotSerializer})
    def post(self, request, pk):
        ticket_for(request.user, pk)
        upload = uploaded_file(request, "截图")
        shot = ticket_screenshot_add(actor=request.user, ticket_id=pk, upload=upload, gate=gate_arguments(request.data))
        return Response(ScreenshotSerializer(shot).data, status=status.HTTP_201_CREATED)


class TicketFaq(APIView):
    @extend_schema(operation_id="tickets_faq", request=inline_serializer("TicketFaqRequest", {
        "question": serializers.CharField(), "answer": serializers.CharField(),
    }), responses={200: TicketDetailSerializer, 409: None})
    def post(self, request, pk):
        ticket_publish_faq(actor=request.user, ticket_id=pk, question=str(request.data.get("question", "")),
                           answer=str(request.data.get("answer", "")))
        return _detail(request, pk)


def _date(value, name):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise serializers.ValidationError({name: "日期格式应为 YYYY-MM-DD。"}) from None


FigureRowSerializer = inline_serializer("TicketFigureRow", {
    "department": serializers.IntegerField(allow_null=True), "department_name": serializers.CharField(),
    "category": serializers.CharField(), "category_label": serializers.CharField(),
    "reported": serializers.IntegerField(), "resolved": serializers.IntegerField(),
    "median_minutes": serializers.IntegerField(allow_null=True, help_text="从提交到解决的工作分钟数（中位数）"),
}, many=True)


class TicketFigures(APIView):
    @extend_schema(parameters=[OpenApiParameter("department", int), OpenApiParameter("start", date),
                               OpenApiParameter("end", date)], responses=FigureRowSerializer)
    def get(self, request):
        if not is_handler(request.user):
            raise PermissionDenied("只有信息中心可以查看问题反馈统计。")
        params = request.query_params
        rows = ticket_figures(whole_number(params.get("department")), _date(params.get("start"), "start"),
                              _date(params.get("end"), "end"))
        return Response([{"department": r.department_id, "department_name": r.department, "category": r.category,
                          "category_label": r.category_label, "reported": r.reported, "resolved": r.resolved,
                          "median_minutes": r.median_minutes} for r in rows])
