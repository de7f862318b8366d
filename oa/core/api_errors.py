"""One JSON error shape for the whole API, in Chinese, and never a 500 for bad input."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from oa.core.bodylimit import BodyTooLarge, too_large_message
from oa.core.exceptions import Conflict
from oa.core.refusals import record_denied

logger = logging.getLogger(__name__)

MESSAGES = {
    exceptions.NotAuthenticated: "请先登录或提供有效的个人令牌。",
    exceptions.AuthenticationFailed: "身份认证失败。",
    exceptions.PermissionDenied: "您无权执行此操作。",
    exceptions.NotFound: "未找到。",
    exceptions.MethodNotAllowed: "不支持该请求方法。",
    exceptions.UnsupportedMediaType: "不支持的请求内容类型。",
    exceptions.ParseError: "请求内容格式有误。",
    exceptions.Throttled: "请求过于频繁，请稍后再试。",
}


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = Conflict.default
    default_code = "conflict"


class TooLargeError(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "请求内容过大，未予处理。"
    default_code = "too_large"


def _django_to_drf(exc):
    if isinstance(exc, RequestDataTooBig):  # Django's (over DATA_UPLOAD_MAX_MEMORY_SIZE) or the upload cap's
        return TooLargeError(str(exc) if isinstance(exc, BodyTooLarge) else too_large_message())
    if isinstance(exc, Conflict):
        return ConflictError(exc.message)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, ValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    if isinstance(exc, IntegrityError):
        logger.warning("integrity error surfaced to the API: %s", exc)
        return exceptions.ValidationError({"detail": ["数据与现有记录冲突，未作任何更改。"]})
    return exc


def exception_handler(exc, context):
    if isinstance(exc, (PermissionDenied, exceptions.PermissionDenied)) and context.get("request") is not None:
        record_denied(context["request"], exc)
    exc = _django_to_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled API error", exc_info=exc)
        return Response({"detail": "服务器内部错误，已记录，请联系信息中心。"}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    for exc_class, message in MESSAGES.items():
        if isinstance(exc, exc_class) and isinstance(response.data, dict):
            detail = response.data.get("detail")
            # Keep our own Chinese messages; replace DRF's English defaults.
            if detail is None or str(detail) == str(exc_class.default_detail):
                response.data["detail"] = message
            break
    return response


def valid_form(form_class, data, **kwargs):
    """A bound Django form of the page, validated for the API: its errors (in Chinese, per field) become
    a 400 in the API's error shape, so a page and its endpoint check input by the same rules."""
    form = form_class(data, **kwargs)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    return form


def known_transition(transition: str, actions, *, noun: str = "操作") -> None:
    """A 404 in the API's shape for a step the endpoint does not know, naming those it does."""
    if transition not in actions:
        raise exceptions.NotFound(f"没有“{transition}”这一{noun}。可用：{', '.join(actions)}")
