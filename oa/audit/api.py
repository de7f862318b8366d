"""/api/v1/audit/ — the ledger, read-only, for the audit admin."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.audit.forms import LedgerFilterForm
from oa.audit.models import LedgerEntry
from oa.audit.permissions import can_read_ledger
from oa.audit.selectors import ledger_entries
from oa.audit.services import ledger_verify


def _audit_admin_only(request):
    if not can_read_ledger(request.user):
        raise PermissionDenied("只有审计管理员可以查看审计日志。")


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "at", "actor", "actor_username", "actor_name", "department", "ip", "action", "target_type",
                  "target_id", "target_repr", "outcome", "data", "prev_hash", "entry_hash"]


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
        "first_broken_entry": serializers.IntegerField(allow_null=True), "reason": serializers.CharField(allow_null=True),
    }))
    def post(self, request):
        _audit_admin_only(request)
        result = ledger_verify(actor=request.user)
        broken = result.first_break
        return Response({"ok": result.ok, "checked": result.checked,
                         "first_broken_entry": broken.entry_id if broken else None, "reason": broken.reason if broken else None})
