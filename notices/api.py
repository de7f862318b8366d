"""/api/v1/notices/ — every step of the pages, with the same services and permission checks.

Routes (in oa/api_urls.py):
    notices/                              GET  list (scope=inbox|published|pending)  POST create a draft
    notices/<id>/                         GET  detail (state, available_transitions)  PATCH edit a draft
    notices/<id>/attachments/             POST upload through the classification gate
    notices/<id>/attachments/<aid>/       DELETE
    notices/<id>/read/                    POST record 已阅
    notices/<id>/receipt/                 POST 回执 {"reply": "…"}
    notices/<id>/reads/                   GET  read status (publisher): per department and per person
    notices/<id>/remind/                  POST 提醒未读
    notices/<id>/<transition>/            POST submit | approve | return | withdraw ({"reason": "…"})
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from notices.choices import NoticeState
from notices.models import Notice, NoticeAttachment, NoticeRead
from notices.permissions import TRANSITIONS, available_actions, may_draft, may_follow_reads
from notices.selectors import (
    READ_FILTERS,
    my_read,
    notice_board,
    notice_for,
    notice_url,
    notices_pending_for,
    notices_published_by,
    read_rows,
    read_summary,
)
from notices.services.editing import (
    EDITABLE_FIELDS,
    NOT_DRAFTER,
    attachment_add,
    attachment_remove,
    notice_create,
    notice_update,
)
from notices.services.flow import notice_transition
from notices.services.reading import notice_confirm, notice_open, notice_remind_unread
from oa.core.api_errors import known_transition
from oa.core.pagination import (
    NEXT_FIELD,
    PAGE_PARAMETERS,
    KeysetPagination,
    Page,
    api_window,
    envelope,
    paged_response,
)
from oa.core.params import whole_number
from oa.org.models import Department, Person
from oa.uploads.api import (
    GATED_FILE_FIELDS,
    GATED_FILE_RESPONSES,
    GatedFileSerializer,
    gate_arguments,
    uploaded_file,
)
from oa.uploads.serving import attachment_response


class NoticeAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeAttachment
        fields = GATED_FILE_FIELDS


class NoticeReceiptSerializer(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = NoticeRead
        fields = ["read", "opened_at", "confirmed_at", "reply"]

    def get_read(self, row) -> bool:
        return row.opened_at is not None


class NoticeSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="current_state", read_only=True, help_text="过期未处理的已发布通知显示为 expired")
    state_label = serializers.CharField(source="current_state_label", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    available_transitions = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "state", "state_label", "version", "available_transitions", *EDITABLE_FIELDS, "category_label",
                  "publisher_department", "author", "approver", "submitted_at", "published_at", "ended_at",
                  "return_reason", "withdraw_reason", "recipient_count", "read_count", "is_read", "created_at",
                  "updated_at"]

    def get_available_transitions(self, notice) -> list[str]:
        return available_actions(self.context["request"].user, notice)

    def get_is_read(self, notice) -> bool | None:
        return getattr(notice, "is_read", None)


class NoticeDetailSerializer(NoticeSerializer):
    audience_departments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    audience_people = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    attachments = NoticeAttachmentSerializer(many=True, read_only=True)
    my_receipt = serializers.SerializerMethodField()
    portal_url = serializers.SerializerMethodField()

    class Meta(NoticeSerializer.Meta):
        fields = [*NoticeSerializer.Meta.fields, "body", "audience_departments", "audience_people", "attachments",
                  "my_receipt", "portal_url"]

    def get_my_receipt(self, notice) -> dict | None:
        row = my_read(self.context["request"].user, notice)
        return NoticeReceiptSerializer(row).data if row else None

    def get_portal_url(self, notice) -> str:
        return notice_url(notice.pk) if notice.current_state == NoticeState.PUBLISHED else ""




class NoticeWriteSerializer(serializers.ModelSerializer):
    audience_departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True),
                                                              many=True, required=False)
    audience_people = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), many=True,
                                                         required=False)
    version = serializers.IntegerField(required=False, help_text="修改时必填：您读取时的版本号，防止覆盖他人的修改")

    class Meta:
        model = Notice
        fields = [*EDITABLE_FIELDS, "audience_departments", "audience_people", "version"]
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS if name != "title"}


def _fields(data) -> dict:
    return {name: data[name] for name in EDITABLE_FIELDS if name in data}


def _audience(data) -> dict:
    return {"departments": data.get("audience_departments"), "people": data.get("audience_people")}


def _detail(request, notice_id: int, **kwargs) -> Response:
    notice = notice_for(request.user, notice_id)
    return Response(NoticeDetailSerializer(notice, context={"request": request}).data, **kwargs)


class NoticeList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(parameters=[
        OpenApiParameter("scope", str, enum=["inbox", "published", "pending"],
                         description="inbox：发给我的已发布通知；pending（待我审核，不分页）"),
        OpenApiParameter("state", str, description="scope=published 时按状态筛选"),
    ], responses=NoticeSerializer(many=True))
    def get(self, request):
        scope = request.query_params.get("scope", "inbox")
        if scope == "published":
            page = notices_published_by(request.user, state=request.query_params.get("state", ""), **api_window(request))
        elif scope == "pending":
            page = Page(notices_pending_for(request.user))
        elif scope == "inbox":
            page = notice_board(request.user, **api_window(request))
        else:
            raise serializers.ValidationError({"scope": "scope 只能是 inbox、published 或 pending。"})
        return paged_response(request, NoticeSerializer(page.rows, many=True, context={"request": request}).data, page)

    @extend_schema(request=NoticeWriteSerializer, responses={201: NoticeDetailSerializer})
    def post(self, request):
        if not may_draft(request.user):
            raise PermissionDenied(NOT_DRAFTER)
        serializer = NoticeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notice = notice_create(actor=request.user, fields=_fields(serializer.validated_data),
                               **_audience(serializer.validated_data))
        return _detail(request, notice.pk, status=status.HTTP_201_CREATED)


class NoticeDetail(APIView):
    @extend_schema(responses=NoticeDetailSerializer)
    def get(self, request, pk):
        return _detail(request, pk)

    @extend_schema(request=NoticeWriteSerializer, responses=NoticeDetailSerializer)
    def patch(self, request, pk):
        notice_for(request.user, pk)  # 404 before anything else
        serializer = NoticeWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise serializers.ValidationError({"version": "请提供读取时的版本号（version）。"})
        notice_update(actor=request.user, notice_id=pk, version=data["version"], fields=_fields(data), **_audience(data))
        return _detail(request, pk)


ReasonRequest = inline_serializer("NoticeStepRequest", {
    "reason": serializers.CharField(required=False, help_text="退回、撤回时必填的原因"),
})


class NoticeTransition(APIView):
    """POST /api/v1/notices/{id}/{transition}/ — transition is one of available_transitions."""

    @extend_schema(operation_id="notices_transition", request=ReasonRequest,
                   responses={200: NoticeDetailSerializer, 409: None})
    def post(self, request, pk, transition):
        known_transition(transition, TRANSITIONS, noun="步骤")
        notice_transition(actor=request.user, notice_id=pk, action=transition,
                          reason=str(request.data.get("reason", ""))[:300])
        return _detail(request, pk)


class NoticeMarkRead(APIView):
    @extend_schema(operation_id="notices_read", request=None, responses=NoticeReceiptSerializer)
    def post(self, request, pk):
        row = notice_open(actor=request.user, notice_id=pk)
        if row is None:
            raise PermissionDenied("您不在该通知的发布范围内，或通知尚未发布，不记录阅读。")
        return Response(NoticeReceiptSerializer(row).data)


class NoticeReceipt(APIView):
    @extend_schema(operation_id="notices_receipt", request=inline_serializer("NoticeReceiptRequest", {
        "reply": serializers.CharField(required=False, help_text="简短回复（可选，200 字以内）"),
    }), responses={200: NoticeReceiptSerializer, 409: None})
    def post(self, request, pk):
        row = notice_confirm(actor=request.user, notice_id=pk, reply=str(request.data.get("reply", "")))
        return Response(NoticeReceiptSerializer(row).data)


ReadRow = inline_serializer("NoticeReadRow", {
    "person": serializers.IntegerField(), "username": serializers.CharField(), "name": serializers.CharField(),
    "department": serializers.IntegerField(allow_null=True), "department_name": serializers.CharField(),
    "read": serializers.BooleanField(), "opened_at": serializers.DateTimeField(allow_null=True),
    "confirmed_at": serializers.DateTimeField(allow_null=True), "reply": serializers.CharField(),
    "reminder_count": serializers.IntegerField(),
}, many=True)


class NoticeReads(APIView):
    @extend_schema(parameters=[
        OpenApiParameter("department", int), OpenApiParameter("which", str, enum=[k for k in READ_FILTERS if k]),
        *PAGE_PARAMETERS,
    ], responses=inline_serializer("NoticeReadStatus", {
        "recipient_count": serializers.IntegerField(), "read_count": serializers.IntegerField(),
        "departments": inline_serializer("NoticeReadDepartment", {
            "department": serializers.IntegerField(allow_null=True), "name": serializers.CharField(),
            "total": serializers.IntegerField(), "read": serializers.IntegerField(),
            "unread": serializers.IntegerField(), "confirmed": serializers.IntegerField(),
        }, many=True),
        "results": ReadRow, "next": NEXT_FIELD,
    }))
    def get(self, request, pk):
        notice = notice_for(request.user, pk)
        if not may_follow_reads(request.user, notice):
            raise PermissionDenied("只有发布方可以查看阅读情况。")
        params = request.query_params
        which = params.get("which", "") if params.get("which", "") in READ_FILTERS else ""
        page = read_rows(notice, department_id=whole_number(params.get("department")), which=which,
                         **api_window(request))
        people = [{"person": r.person_id, "username": r.person.username, "name": r.person.name,
                   "department": r.department_id, "department_name": r.department.name if r.department else "",
                   "read": r.opened_at is not None, "opened_at": r.opened_at, "confirmed_at": r.confirmed_at,
                   "reply": r.reply, "reminder_count": r.reminder_count} for r in page.rows]
        return Response(envelope(
            request, people, page, recipient_count=notice.recipient_count, read_count=notice.read_count,
            departments=[{"department": s["department_id"], "name": s["department__name"] or "", "total": s["total"],
                          "read": s["read"], "unread": s["unread"], "confirmed": s["confirmed"]}
                         for s in read_summary(notice)],
        ))


class NoticeRemind(APIView):
    @extend_schema(operation_id="notices_remind", request=None,
                   responses=inline_serializer("NoticeRemindResult", {"reminded": serializers.IntegerField()}))
    def post(self, request, pk):
        return Response({"reminded": notice_remind_unread(actor=request.user, notice_id=pk)})


class NoticeAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer}, responses={201: NoticeAttachmentSerializer})
    def post(self, request, pk):
        upload = uploaded_file(request)
        attachment = attachment_add(actor=request.user, notice_id=pk, upload=upload, gate=gate_arguments(request.data))
        return Response(NoticeAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class NoticeAttachment(APIView):
    @extend_schema(operation_id="notices_attachment_download", responses=GATED_FILE_RESPONSES)
    def get(self, request, pk, attachment_id):
        """The attachment's bytes, as the type the upload gate detected (the page's 下载)."""
        return attachment_response(notice_for(request.user, pk), attachment_id)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, attachment_id):
        attachment_remove(actor=request.user, notice_id=pk, attachment_id=attachment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
