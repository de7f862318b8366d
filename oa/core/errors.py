"""Error pages in Chinese. API paths get JSON in the same shape as the API's own errors."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

from oa.core.bodylimit import STATUS as TOO_LARGE
from oa.core.bodylimit import BodyTooLarge, too_large_message
from oa.core.refusals import record_denied

PAGES = {
    400: ("请求有误", "请求内容无法处理，请返回重试。"),
    403: ("无权访问", "您没有权限执行此操作。如有疑问，请联系本单位管理员。"),
    404: ("页面不存在", "您要找的页面不存在，或您无权查看。"),
    413: ("内容过大", "请求内容过大，未予处理。"),
    500: ("系统繁忙", "服务器处理出错，已记录。请稍后重试，或拨打报障电话联系信息中心。"),
    503: ("暂时无法提供", "该功能暂时无法使用，请稍后重试，或联系信息中心。"),
}


def respond(request, status: int, reason: str = ""):
    """`reason`: a refusal's own words (the services and views refuse in Chinese), shown instead of the
    general message when there is one."""
    title, message = PAGES[status]
    if reason and any("\u4e00" <= ch <= "\u9fff" for ch in reason):
        message = reason
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"title": title, "message": message, "status": status}, status=status)


@login_not_required
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):  # Django's (English) or ours (oa.core.bodylimit)
        return respond(request, TOO_LARGE, str(exception) if isinstance(exception, BodyTooLarge) else too_large_message())
    return respond(request, 400)


@login_not_required
def forbidden(request, exception=None):
    record_denied(request, exception)
    return respond(request, 403, str(exception or ""))


@login_not_required
def not_found(request, exception=None):
    return respond(request, 404)


@login_not_required
def server_error(request):
    return respond(request, 500)
