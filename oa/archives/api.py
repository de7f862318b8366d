"""/api/v1/archives/…: what waits to be filed, filing, the catalogues, one 件 and 更改保管期限 — the pages' reads and
steps with the same checks (oa.archives.permissions; who may file: the documents workflow tables)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.archives import selectors
from oa.archives.catalogue import catalogue
from oa.archives.choices import Component
from oa.archives.models import ArchiveItem, ArchivePart
from oa.archives.retention import suggested
from oa.archives.services.filing import change_retention, file_delivery, file_document

RETENTION_HELP = "保管期限：Y（永久）、D30（定期30年）、D10（定期10年），也可写中文；不填则按文种建议"


class PartSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArchivePart
        fields = ["id", "kind", "position", "label", "media_type", "size", "sha256", "pages"]


class ItemSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="档号")
    retention_label = serializers.CharField(source="get_retention_display", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="发文或收文")
    parts = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveItem
        fields = ["id", "code", "fonds_code", "category", "year", "retention", "retention_label", "org_code", "org_name",
                  "seq", "doc_number", "responsible", "title", "date", "pages", "secrecy", "remark", "kind", "document",
                  "delivery", "filed_at", "parts"]

    @extend_schema_field(PartSerializer(many=True))
    def get_parts(self, item) -> list[dict]:
        return PartSerializer([p for p in item.parts.all() if p.kind != Component.ORIGINAL], many=True).data


class PendingDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doc_number = serializers.CharField()
    title = serializers.CharField()
    doc_type = serializers.CharField()
    written_date = serializers.DateField(allow_null=True)
    suggested_retention = serializers.CharField()


class PendingDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    register_number = serializers.CharField()
    sender_name = serializers.CharField()
    sender_number = serializers.CharField()
    title = serializers.CharField()
    suggested_retention = serializers.CharField()


class PendingSerializer(serializers.Serializer):
    documents = PendingDocumentSerializer(many=True)
    deliveries = PendingDeliverySerializer(many=True)


class CatalogueIndexSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    retention = serializers.CharField()
    retention_label = serializers.CharField()
    count = serializers.IntegerField()


class CatalogueRowSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="序号")
    code = serializers.CharField(help_text="档号")
    doc_number = serializers.CharField(help_text="文号")
    responsible = serializers.CharField(help_text="责任者")
    title = serializers.CharField(help_text="题名")
    date = serializers.CharField(help_text="日期（YYYYMMDD）")
    pages = serializers.IntegerField(help_text="页数")
    secrecy = serializers.CharField(help_text="密级")
    remark = serializers.CharField(help_text="备注")


class CatalogueSerializer(serializers.Serializer):
    department = serializers.CharField()
    fonds = serializers.CharField()
    year = serializers.IntegerField()
    retention = serializers.CharField()
    retention_label = serializers.CharField()
    title = serializers.CharField()
    rows = CatalogueRowSerializer(many=True)


class FileForm(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("document", "发文"), ("delivery", "收文")])
    id = serializers.IntegerField(min_value=1)
    retention = serializers.CharField(required=False, allow_blank=True, help_text=RETENTION_HELP)


class RetentionForm(serializers.Serializer):
    retention = serializers.CharField(help_text=RETENTION_HELP)


def _valid(serializer_class, data) -> dict:
    from rest_framework.exceptions import ValidationError

    if not isinstance(data, dict):
        raise ValidationError({"detail": ["请求内容须为 JSON 对象。"]})
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _item(request, pk) -> dict:
    return ItemSerializer(selectors.item_for(request.user, pk)).data


class Pending(APIView):
    """GET /api/v1/archives/pending/ — dispatched 发文 and closed 收文 of the archivist's department not yet filed."""

    @extend_schema(responses=PendingSerializer)
    def get(self, request):
        documents = [{"id": d.pk, "doc_number": d.doc_number, "title": d.title, "doc_type": d.doc_type,
                      "written_date": d.written_date,
                      "suggested_retention": suggested(doc_type=d.doc_type, received=False)}
                     for d in selectors.pending_documents(request.user)[:200]]
        deliveries = [{"id": d.pk, "register_number": d.register_number, "sender_name": d.sender_name,
                       "sender_number": d.sender_number, "title": d.title,
                       "suggested_retention": suggested(doc_type=d.document.doc_type if d.document_id else None,
                                                        received=True)}
                      for d in selectors.pending_deliveries(request.user)[:200]]
        return Response(PendingSerializer({"documents": documents, "deliveries": deliveries}).data)


class File(APIView):
    """POST /api/v1/archives/file/ — 归档: file a dispatched 发文 or a closed 收文 as a 件."""

    @extend_schema(request=FileForm, responses={201: ItemSerializer, 404: None, 409: None})
    def post(self, request):
        data = _valid(FileForm, request.data)
        if data["kind"] == "document":
            item = file_document(actor=request.user, document_id=data["id"], retention=data.get("retention"))
        else:
            item = file_delivery(actor=request.user, delivery_id=data["id"], retention=data.get("retention"))
        return Response(_item(request, item.pk), status=201)


class Catalogues(APIView):
    """GET /api/v1/archives/catalogues/ — the (年度, 保管期限) the department has 件 in."""

    @extend_schema(responses=CatalogueIndexSerializer(many=True))
    def get(self, request):
        return Response(CatalogueIndexSerializer(selectors.catalogue_index(request.user), many=True).data)


class CatalogueDetail(APIView):
    """GET /api/v1/archives/catalogues/{year}/{retention}/ — 归档文件目录 of one 年度 and 保管期限 (DA/T 22 附录)."""

    @extend_schema(responses=CatalogueSerializer)
    def get(self, request, year, retention):
        book = catalogue(request.user, year=year, retention=retention)
        return Response(CatalogueSerializer({
            "department": book.department, "fonds": book.fonds, "year": book.year, "retention": book.retention,
            "retention_label": book.retention_label, "title": book.title, "rows": [vars(row) for row in book.rows],
        }).data)


class ItemDetail(APIView):
    @extend_schema(responses=ItemSerializer)
    def get(self, request, pk):
        return Response(_item(request, pk))


class ItemRetention(APIView):
    """POST /api/v1/archives/items/{id}/retention/ — 更改保管期限 (the 件 is renumbered in its new 期限, stamped again)."""

    @extend_schema(request=RetentionForm, responses=ItemSerializer)
    def post(self, request, pk):
        data = _valid(RetentionForm, request.data)
        item = change_retention(actor=request.user, item_id=pk, retention=data["retention"])
        return Response(_item(request, item.pk))

