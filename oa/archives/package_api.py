"""/api/v1/archives/… for packages and transfers: build a 件's package, see it and its 四性检测 report,
download it, check it again, check an uploaded package (on import); send 件 to the 档案局, see the
transfer and its receipt, receive or send back. The same services and permission checks as the pages."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.archives.models import ArchivePackage, Transfer
from oa.archives.package_forms import TransferAnswerForm, TransferForm
from oa.archives.package_selectors import item_of_department, items_to_transfer, package_for
from oa.archives.packaging import package_import_check, package_item, package_recheck, read_package
from oa.archives.transfer_permissions import require_sender, transfers_visible
from oa.archives.transfers import receipt, transfer_for, transfer_receive, transfer_reject, transfer_send
from oa.core.api_errors import known_transition, valid_form

REPORT_FIELD = serializers.JSONField(help_text="四性检测报告：ok、aspects（各性结论）、checks（各检测项）、items（批次中各件）")


class PackageSerializer(serializers.ModelSerializer):
    check_report = serializers.JSONField(help_text="封装后的四性检测报告")

    class Meta:
        model = ArchivePackage
        fields = ("id", "kind", "identifier", "size", "sha256", "manifest_sha256", "check_ok", "check_report", "built_at")


class TransferRowSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="序号")
    code = serializers.CharField(help_text="档号")
    title = serializers.CharField(help_text="题名")
    pages = serializers.IntegerField(help_text="页数")
    sha256 = serializers.CharField(help_text="件归档包的 SHA-256")


class TransferSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    department = serializers.CharField(source="department.name", read_only=True)
    receiver = serializers.CharField(source="receiver.name", read_only=True)
    package = PackageSerializer(read_only=True)
    receipt_report = serializers.JSONField(help_text="接收时的四性检测报告（接收或退回后）")
    items = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = ("id", "number", "state", "department", "receiver", "item_count", "page_count", "sent_at",
                  "received_at", "receipt_ok", "receipt_note", "receipt_report", "package", "items")

    @extend_schema_field(TransferRowSerializer(many=True))
    def get_items(self, transfer) -> list[dict]:
        return [{"n": row["n"], "code": row["code"], "title": row["title"], "pages": row["pages"],
                 "sha256": row["sha256"]} for row in receipt(transfer)["rows"]]


def _zip_response(package: ArchivePackage) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(read_package(package), content_type="application/zip")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(package.identifier)}.zip"
    return response


class ItemPackage(APIView):
    @extend_schema(operation_id="archives_item_package", request=None, responses={201: PackageSerializer})
    def post(self, request, pk):
        """Build the 件's package again (its 四性检测 runs at once)."""
        package = package_item(actor=request.user, item=item_of_department(request.user, pk))
        return Response(PackageSerializer(package).data, status=status.HTTP_201_CREATED)


class PackageDetail(APIView):
    @extend_schema(operation_id="archives_package", responses=PackageSerializer)
    def get(self, request, pk):
        return Response(PackageSerializer(package_for(request.user, pk)).data)


class PackageDownload(APIView):
    @extend_schema(operation_id="archives_package_download", responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        return _zip_response(package_for(request.user, pk))


class PackageCheck(APIView):
    @extend_schema(operation_id="archives_package_check", request=None,
                   responses=inline_serializer("PackageCheck", {"report": REPORT_FIELD}))
    def post(self, request, pk):
        """Run the 四性检测 again on the kept package (ledgered)."""
        report = package_recheck(actor=request.user, package=package_for(request.user, pk))
        return Response({"report": report.to_dict()})


class PackageImportCheck(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="archives_package_import_check",
                   request={"multipart/form-data": inline_serializer("PackageUpload", {"file": serializers.FileField()})},
                   responses=inline_serializer("PackageImportCheck", {"report": REPORT_FIELD}))
    def post(self, request):
        """The 四性检测 of a package brought in from outside (a 件 or a batch)."""
        require_sender(request.user)
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": "请上传归档包（字段名 file）。"})
        report = package_import_check(actor=request.user, content=upload.read(), name=upload.name)
        return Response({"report": report.to_dict()})


class TransferList(APIView):
    @extend_schema(operation_id="archives_transfers", responses=TransferSerializer(many=True))
    def get(self, request):
        require_sender(request.user)
        rows = transfers_visible(request.user).select_related("package", "department", "receiver")[:200]
        return Response(TransferSerializer(rows, many=True).data)

    @extend_schema(operation_id="archives_transfer_send", request=inline_serializer("TransferSend", {
        "items": serializers.ListField(child=serializers.IntegerField(), help_text="要移交的件的编号")}),
        responses={201: TransferSerializer})
    def post(self, request):
        require_sender(request.user)
        ids = items_to_transfer(request.user).values_list("pk", flat=True)
        data = {"items": request.data.getlist("items")} if hasattr(request.data, "getlist") else request.data
        form = valid_form(TransferForm, data, item_ids=ids)
        transfer = transfer_send(actor=request.user, item_ids=form.cleaned_data["items"])
        return Response(TransferSerializer(transfer_for(request.user, transfer.pk)).data, status=status.HTTP_201_CREATED)


class TransferDetail(APIView):
    @extend_schema(operation_id="archives_transfer", responses=TransferSerializer)
    def get(self, request, pk):
        return Response(TransferSerializer(transfer_for(request.user, pk)).data)


class TransferStep(APIView):
    """POST /api/v1/archives/transfers/{id}/{receive|reject}/"""

    @extend_schema(operation_id="archives_transfer_step", request=inline_serializer("TransferAnswer", {
        "note": serializers.CharField(required=False, help_text="意见；退回时必填原因")}), responses=TransferSerializer)
    def post(self, request, pk, step):
        known_transition(step, ("receive", "reject"))
        transfer_for(request.user, pk)
        form = valid_form(TransferAnswerForm, request.data)
        answer = transfer_receive if step == "receive" else transfer_reject
        answer(actor=request.user, transfer_id=pk, note=form.cleaned_data["note"])
        return Response(TransferSerializer(transfer_for(request.user, pk)).data)
