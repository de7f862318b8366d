"""/api/v1/phrases/: the person's own 常用意见 — list (in their order), add, change text or place, delete.
The same services as the page 我的常用意见 (oa/org/views/phrases.py), so the same checks: another person's
phrase does not exist (404); text given, ≤ 100 characters, not already theirs; at most 30; the classification
gate."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from oa.core.pagination import KeysetPagination, api_window, paged_response
from oa.org.models import Phrase
from oa.org.selectors import phrase_page, phrases_of
from oa.org.services.phrases import phrase_add, phrase_delete, phrase_edit


class PhraseSerializer(serializers.ModelSerializer):
    position = serializers.IntegerField(read_only=True, help_text="在本人常用意见中的顺序，1 为第一条")

    class Meta:
        model = Phrase
        fields = ["id", "text", "position", "created_at"]
        read_only_fields = fields


# Lengths, emptiness and duplicates are the service's to check, in Chinese; these only read the types.
class PhraseCreateSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, help_text=f"常用意见，不超过 {Phrase.MAX_LENGTH} 字")


class PhraseUpdateSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, help_text=f"新的文字，不超过 {Phrase.MAX_LENGTH} 字")
    position = serializers.IntegerField(required=False, help_text="移到第几条（1 为第一条）")


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class PhraseList(APIView):
    """The person's own 常用意见 in their order (at most 30); POST adds one at the end."""

    pagination_class = KeysetPagination

    @extend_schema(operation_id="phrases_list", responses=PhraseSerializer(many=True))
    def get(self, request):
        page = phrase_page(request.user, **api_window(request))
        return paged_response(request, PhraseSerializer(page.rows, many=True).data, page)

    @extend_schema(operation_id="phrases_create", request=PhraseCreateSerializer, responses={201: PhraseSerializer})
    def post(self, request):
        data = _valid(PhraseCreateSerializer, request)
        phrase = phrase_add(actor=request.user, text=data["text"])
        return Response(PhraseSerializer(phrase).data, status=status.HTTP_201_CREATED)


class PhraseDetail(APIView):
    """One of the person's own 常用意见; another person's answers 404."""

    @extend_schema(operation_id="phrases_retrieve", responses=PhraseSerializer)
    def get(self, request, pk):
        return Response(PhraseSerializer(get_object_or_404(phrases_of(request.user), pk=pk)).data)

    @extend_schema(operation_id="phrases_update", request=PhraseUpdateSerializer, responses=PhraseSerializer)
    def patch(self, request, pk):
        data = _valid(PhraseUpdateSerializer, request)
        phrase = phrase_edit(actor=request.user, phrase_id=pk, text=data.get("text"), position=data.get("position"))
        return Response(PhraseSerializer(phrase).data)

    @extend_schema(operation_id="phrases_destroy", request=None, responses={204: None})
    def delete(self, request, pk):
        phrase_delete(actor=request.user, phrase_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
