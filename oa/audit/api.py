"""/api/v1/audit/ — the ledger, read-only, its verification and its signed checkpoints, for the audit admin."""

import json

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.audit.checkpoints import CheckpointFileError
from oa.audit.forms import LedgerFilterForm
from oa.audit.models import LedgerEntry
from oa.audit.permissions import can_read_ledger
from oa.audit.selectors import ledger_entries
from oa.audit.services import ledger_checkpoint, ledger_checkpoint_export, ledger_verify


def _audit_admin_only(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied("只有审计管理员可以查看审计日志。")


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "at", "actor", "actor_username", "actor_name", "department", "ip", "action", "target_type",
                  "target_id", "target_repr", "outcome", "data", "key_id", "prev_hash", "entry_hash"]


@extend_schema(parameters=[
    OpenApiParameter("action", str, description="动作代码或前缀，如 auth. 或 document.submit（已登记的动作见 oa/audit/actions.py）"),
    OpenApiParameter("actor", str, description="账号"),
    OpenApiParameter("department", int),
    OpenApiParameter("outcome", str, enum=["success", "denied", "failure"]),
    OpenApiParameter("since", str, description="YYYY-MM-DD"),
    OpenApiParameter("until", str, description="YYYY-MM-DD"),
])
class LedgerList(generics.ListAPIView):
    serializer_class = LedgerEntrySerializer

    def get_queryset(self):
        _audit_admin_only(self.request)
        form = LedgerFilterForm(self.request.query_params or None)
        if self.request.query_params and not form.is_valid():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(form.errors)
        return ledger_entries(form.criteria())


class LedgerVerify(APIView):
    @extend_schema(request=None, responses=inline_serializer("LedgerVerifyResult", {
        "ok": serializers.BooleanField(), "checked": serializers.IntegerField(),
        "legacy": serializers.IntegerField(help_text="链首未用密钥签名的旧记录条数"),
        "checkpoints": serializers.IntegerField(help_text="检查点文件中签名完好的检查点个数"),
        "first_broken_entry": serializers.IntegerField(allow_null=True), "reason": serializers.CharField(allow_null=True),
    }))
    def post(self, request):
        _audit_admin_only(request)
        return Response(ledger_verify(actor=request.user).report())


class CheckpointSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    count = serializers.IntegerField(help_text="检查点写入时的记录条数")
    legacy = serializers.IntegerField(help_text="其中链首未用密钥签名的旧记录条数")
    head_id = serializers.IntegerField(allow_null=True)
    head_hash = serializers.CharField()
    at = serializers.CharField(help_text="UTC 时间，ISO 8601")
    key_id = serializers.CharField()
    prev = serializers.CharField(help_text="上一个检查点的签名（第一个为 64 个 0）")
    sig = serializers.CharField(help_text="HMAC-SHA256，见 docs/security.md")


class CheckpointFileUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "checkpoint_file"


def _checkpoint_file(service, request):
    """Run a checkpoint-file service as the audit admin; a file that cannot be read or written is a 503."""
    _audit_admin_only(request)
    try:
        return service(actor=request.user)
    except CheckpointFileError as exc:
        raise CheckpointFileUnavailable(str(exc)) from exc


class LedgerCheckpoints(APIView):
    """GET: the checkpoint file (its readable lines) — the export is ledgered. POST: write a checkpoint now."""

    @extend_schema(responses=CheckpointSerializer(many=True))
    def get(self, request):
        records = []
        for line in _checkpoint_file(ledger_checkpoint_export, request):
            try:
                records.append(json.loads(line))
            except ValueError:
                continue  # audit_verify names an unreadable line
        return Response(records)

    @extend_schema(request=None, responses={201: CheckpointSerializer})
    def post(self, request):
        return Response(_checkpoint_file(ledger_checkpoint, request), status=status.HTTP_201_CREATED)
