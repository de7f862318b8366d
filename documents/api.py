"""/api/v1/documents/ — every step of the browser, with the same services and permission checks."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from documents.choices import RecipientKind
from documents.models import Attachment, Document
from documents.permissions import available_actions, may_draft
from documents.selectors import (
    document_for,
    document_page,
    document_trail,
    number_register,
    recipients_of,
    register_chosen,
    register_series,
)
from documents.services.actions import TRANSITIONS, document_issue, document_transition
from documents.services.drafting import (
    EDITABLE_FIELDS,
    attachment_add,
    attachment_remove,
    document_create,
    document_import_docx,
    document_update,
)
from documents.services.flow import MAX_PRINT_COPIES, StepInput, print_copies_value
from documents.views.sheets import (
    CONTENT_TYPES,
    FORMAT_MESSAGE,
    MAX_SHEETS,
    document_sheets_response,
    sheet_ids,
)
from oa.core.api_errors import known_transition
from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.core.params import year_or_current
from oa.core.parsers import JSONObjectParser
from oa.org.api_flow import FlowFields
from oa.org.models import Department, Person
from oa.uploads.api import (
    GATED_FILE_FIELDS,
    GATED_FILE_RESPONSES,
    GatedFileSerializer,
    gate_arguments,
    uploaded_file,
)
from oa.uploads.serving import attachment_response


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = GATED_FILE_FIELDS


class StepSerializer(serializers.Serializer):
    step = serializers.CharField()
    step_label = serializers.CharField(source="get_step_display")
    actor = serializers.IntegerField(source="actor_id")
    actor_name = serializers.CharField()
    department = serializers.CharField(source="department.name")
    as_standin = serializers.BooleanField()
    authority = serializers.IntegerField(source="authority_id", allow_null=True, help_text="代签所依据的签发授权")
    opinion = serializers.CharField()
    has_signature = serializers.SerializerMethodField()
    at = serializers.DateTimeField()

    def get_has_signature(self, step) -> bool:
        return step.signature_png is not None


class DocumentSerializer(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    doc_number = serializers.CharField(read_only=True)
    available_transitions = serializers.SerializerMethodField()
    main_departments = serializers.SerializerMethodField()
    copy_departments = serializers.SerializerMethodField()
    countersigners = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = ["id", "state", "state_label", "doc_number", "version", "available_transitions", *EDITABLE_FIELDS,
                  "main_departments", "copy_departments", "countersigners", "drafter", "drafting_department",
                  "signer", "signed_as_standin", "signed_at", "written_date", "printed_date", "sealed",
                  "return_reason", "void_reason", "attachments", "created_at", "updated_at"]

    def get_available_transitions(self, document) -> list[str]:
        return available_actions(self.context["request"].user, document)

    def get_main_departments(self, document) -> list[int]:
        return [d.pk for d in recipients_of(document, RecipientKind.MAIN)]

    def get_copy_departments(self, document) -> list[int]:
        return [d.pk for d in recipients_of(document, RecipientKind.COPY)]

    def get_countersigners(self, document) -> list[dict]:
        return [{"person": c.person_id, "signed_at": c.signed_at, "opinion": c.opinion} for c in document.countersigns.all()]


class CoIssuerSerializer(serializers.Serializer):
    """A co-issuing organ of a joint document (联合行文), in order after the lead (the drafting department)."""

    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    signature_name = serializers.CharField()
    countersigned_by = serializers.IntegerField(source="countersigned_by_id", allow_null=True)
    countersigned_at = serializers.DateTimeField(allow_null=True)
    opinion = serializers.CharField()


class DocumentDetailSerializer(FlowFields, DocumentSerializer):
    trail = serializers.SerializerMethodField()
    co_issuers = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(help_text="本次保存对所填内容所作的调整（如从正文开头移出的主送机关行）；读取时为空")

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "joint", "co_issuers", "trail", "current_handlers", "flow", "notes"]

    def get_notes(self, document) -> list[str]:
        return list(self.context.get("notes", []))

    def get_co_issuers(self, document) -> CoIssuerSerializer(many=True):
        return CoIssuerSerializer(document.co_issuers(), many=True).data

    def get_trail(self, document) -> list[dict]:
        return StepSerializer(document_trail(document), many=True).data


class DocumentWriteSerializer(serializers.ModelSerializer):
    main_departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True), many=True, required=False)
    copy_departments = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True), many=True, required=False)
    countersigners = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), many=True, required=False)
    co_issuers = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), many=True, required=False,
        help_text="联合行文的联署机关，按排列顺序（本单位为主办机关，排在最前，不列入）；空列表表示不联合行文")
    version = serializers.IntegerField(required=False, help_text="修改时必填：您读取时的版本号，防止覆盖他人的修改")
    submit = serializers.BooleanField(required=False, default=False,
                                      help_text="保存后随即提交核稿（与网页“保存并提交核稿”相同；提交前须有主送机关）")

    class Meta:
        model = Document
        fields = [*EDITABLE_FIELDS, "main_departments", "copy_departments", "countersigners", "co_issuers", "version",
                  "submit"]
        extra_kwargs = {name: {"required": False} for name in EDITABLE_FIELDS if name != "title"}


def _people(data) -> dict:
    return {
        "main": data.get("main_departments"), "copy": data.get("copy_departments"),
        "countersigners": data.get("countersigners"), "co_issuers": data.get("co_issuers"),
    }


def _fields(data) -> dict:
    return {name: data[name] for name in EDITABLE_FIELDS if name in data}


def _detail(request, document) -> Response:
    notes = getattr(document, "notes", [])
    document = document_for(request.user, document.pk)
    return Response(DocumentDetailSerializer(document, context={"request": request, "notes": notes}).data)


class DocumentList(APIView):
    pagination_class = KeysetPagination

    @extend_schema(parameters=[
        OpenApiParameter("scope", str, enum=["mine", "department", "visible"]), OpenApiParameter("state", str),
    ], responses=DocumentSerializer(many=True))
    def get(self, request):
        page = document_page(
            request.user, scope=request.query_params.get("scope", "visible"), state=request.query_params.get("state", ""),
            **api_window(request),
        )
        return paged_response(request, DocumentSerializer(page.rows, many=True, context={"request": request}).data, page)

    @extend_schema(request=DocumentWriteSerializer, responses={201: DocumentDetailSerializer})
    def post(self, request):
        if not may_draft(request.user):
            raise PermissionDenied("您没有所属单位，不能拟稿。")
        serializer = DocumentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = document_create(actor=request.user, fields=_fields(data), **_people(data), submit=data.get("submit", False))
        response = _detail(request, document)
        response.status_code = status.HTTP_201_CREATED
        return response


class DocumentDetail(APIView):
    @extend_schema(responses=DocumentDetailSerializer)
    def get(self, request, pk):
        return _detail(request, document_for(request.user, pk))

    @extend_schema(request=DocumentWriteSerializer, responses=DocumentDetailSerializer)
    def patch(self, request, pk):
        document_for(request.user, pk)  # 404 before anything else
        serializer = DocumentWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise serializers.ValidationError({"version": "请提供读取时的版本号（version）。"})
        data = serializer.validated_data
        document = document_update(actor=request.user, document_id=pk, version=data["version"], fields=_fields(data),
                                   **_people(data), submit=data.get("submit", False))
        return _detail(request, document)


StepRequest = inline_serializer("StepRequest", {
    "opinion": serializers.CharField(required=False, help_text="意见"),
    "reason": serializers.CharField(required=False, help_text="退回、重新签发、作废的原因"),
    "signature": serializers.CharField(required=False, help_text="手写签名 data:image/png;base64,…"),
    "confirmation": serializers.CharField(required=False, help_text="签发时：签发密码、动态验证码或登录密码（API 每次都须提供）"),
    "print_copies": serializers.IntegerField(required=False, min_value=1, max_value=MAX_PRINT_COPIES,
                                             help_text="用印（seal）时：印制份数；印制的各份依次编份号 000001 起"),
})


class DocumentTransition(APIView):
    """POST /api/v1/documents/{id}/{transition}/ — transition is one of available_transitions."""

    @extend_schema(operation_id="documents_transition", request=StepRequest, responses={200: DocumentDetailSerializer, 409: None})
    def post(self, request, pk, transition):
        known_transition(transition, TRANSITIONS, noun="办理环节")
        data = request.data
        step = StepInput(
            opinion=str(data.get("opinion", ""))[:500], reason=str(data.get("reason", ""))[:300],
            signature_data_url=str(data.get("signature", "")), confirmation=str(data.get("confirmation", "")),
            print_copies=print_copies_value(data.get("print_copies")) if transition == "seal" else None,
        )
        document = document_transition(actor=request.user, document_id=pk, action=transition, step=step)
        return _detail(request, document)


IssueRequest = inline_serializer("IssueRequest", {
    "opinion": serializers.CharField(required=False, help_text="核发意见"),
    "print_copies": serializers.IntegerField(required=False, min_value=1, max_value=MAX_PRINT_COPIES,
                                             help_text="印制份数（用印时登记）；印制的各份依次编份号 000001 起"),
})


class DocumentIssue(APIView):
    """POST /api/v1/documents/{id}/issue/ — 编号、用印并核发: number, seal and dispatch, each its own step (and
    ledger entry), in one transaction; a step that stops undoes the others and the answer names it."""

    @extend_schema(operation_id="documents_issue", request=IssueRequest, responses={200: DocumentDetailSerializer, 409: None})
    def post(self, request, pk):
        data = request.data
        step = StepInput(opinion=str(data.get("opinion", ""))[:500], print_copies=data.get("print_copies"))
        document = document_issue(actor=request.user, document_id=pk, step=step)
        return _detail(request, document)


class DocumentAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer},
                   responses={201: AttachmentSerializer})
    def post(self, request, pk):
        upload = uploaded_file(request)
        attachment = attachment_add(actor=request.user, document_id=pk, upload=upload, gate=gate_arguments(request.data))
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class DocumentAttachment(APIView):
    @extend_schema(operation_id="documents_attachment_download", responses=GATED_FILE_RESPONSES)
    def get(self, request, pk, attachment_id):
        """The attachment's bytes, as the type the upload gate detected (the page's 下载)."""
        return attachment_response(document_for(request.user, pk), attachment_id)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, attachment_id):
        attachment_remove(actor=request.user, document_id=pk, attachment_id=attachment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DocumentImportDocx(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONObjectParser]

    @extend_schema(request={"multipart/form-data": GatedFileSerializer},
                   responses=DocumentDetailSerializer)
    def post(self, request, pk):
        upload = uploaded_file(request, " .docx 文件")
        return _detail(request, document_import_docx(actor=request.user, document_id=pk, upload=upload,
                                                     gate=gate_arguments(request.data)))


class DocumentRendered(APIView):
    """The rendered document: `pdf`, `docx` or `ofd` (GB/T 33190, the PDF's layout); `?copy=N` prints copy N of
    the 印制份数 with 份号 00000N."""

    @extend_schema(parameters=[
        OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["pdf", "docx", "ofd"],
                         description="pdf、docx 或 ofd（GB/T 33190 版式文档）"),
        OpenApiParameter("copy", int, description="份号：打印第几份（1 至印制份数），不填则按公文所载份号"),
    ], responses={(200, "application/pdf"): OpenApiTypes.BINARY, (200, CONTENT_TYPES["docx"]): OpenApiTypes.BINARY,
                  (200, "application/ofd"): OpenApiTypes.BINARY, 400: None, 404: None, 503: None})
    def get(self, request, pk, fmt):
        from documents.views.files import document_docx, document_ofd, document_pdf

        view = {"pdf": document_pdf, "docx": document_docx, "ofd": document_ofd}.get(fmt)
        if view is None:
            raise NotFound()
        response: HttpResponse = view(request._request, pk)
        return response


class NumberRegister(APIView):
    """One series' numbers of a year, in numeric order: `series` is the id of one of the series of the
    person's organ (/api/v1/number-series/), by default its 文件 series; an id not theirs reads as none."""

    @extend_schema(parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("series", int, description="发文字号序列编号（/api/v1/number-series/），默认本机关的文件序列"),
    ], responses=inline_serializer("IssuedNumberRow", {
        "seq": serializers.IntegerField(), "number": serializers.CharField(), "status": serializers.CharField(),
        "document": serializers.IntegerField(), "title": serializers.CharField(),
    }, many=True))
    def get(self, request):
        year = request.query_params.get("year", "")
        chosen = register_chosen(register_series(request.user), request.query_params.get("series"))
        rows = number_register(request.user, year=year_or_current(year), series=chosen)
        return Response([{"seq": n.seq, "number": n.text, "status": n.status, "document": n.document_id, "title": n.document.title} for n in rows])




# --- the printed forms: 发文稿纸 here, 收文处理笺 in documents.incoming.api -------------------------

SHEET_FORMAT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(CONTENT_TYPES), description="pdf 或 docx")
SHEET_IDS = OpenApiParameter("ids", str, required=True,
                             description=f"以逗号分隔的编号，如 1,2,3；一次最多 {MAX_SHEETS} 件（超过或有误时 400）")
SHEET_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in CONTENT_TYPES.values()}


def sheet_answer(render, fmt: str, ids: list[int]) -> HttpResponse:
    """render(ids) for a known format (else 404 saying which there are); an id missing or not visible
    is a 404 that names it."""
    if fmt not in CONTENT_TYPES:
        raise NotFound(FORMAT_MESSAGE)
    try:
        return render(ids)
    except Http404 as missing:
        raise NotFound(str(missing) or None) from missing


def query_ids(request) -> list[int]:
    """?ids=1,2,3 — nothing, something that is not an id, or over the cap: 400 in Chinese."""
    try:
        return sheet_ids(request.query_params.getlist("ids"))
    except DjangoValidationError as error:
        raise serializers.ValidationError({"ids": error.messages}) from error


def sheet_endpoints(respond, one: str, many: str) -> tuple[type[APIView], type[APIView]]:
    """The API of a printed form: GET …/{id}/<form>.{fmt} (`one`) and GET …/<forms>.{fmt}?ids= (`many`);
    `respond(person, ids, fmt)` draws them."""

    class One(APIView):
        @extend_schema(parameters=[SHEET_FORMAT], responses=SHEET_RESPONSES, description=one)
        def get(self, request, pk, fmt):
            return sheet_answer(lambda ids: respond(request.user, ids, fmt), fmt, [pk])

    class Many(APIView):
        @extend_schema(parameters=[SHEET_FORMAT, SHEET_IDS], responses=SHEET_RESPONSES, description=many)
        def get(self, request, fmt):
            return sheet_answer(lambda ids: respond(request.user, ids, fmt), fmt,
                                query_ids(request) if fmt in CONTENT_TYPES else [])

    return One, Many


DocumentDraftSheet, DocumentDraftSheets = sheet_endpoints(
    document_sheets_response, "The document's 发文稿纸 (签发, 会签, 核稿, 办公室意见 with names, handwriting and dates).",
    "Several 发文稿纸 in one file: each on its own page of the PDF, or after a page break in the DOCX.")
