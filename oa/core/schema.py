"""OpenAPI schema tweaks: only our versioned API, how our authenticators look in it, and the views that
serve the schema and its Swagger UI to logged-in people."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.renderers import JSONRenderer


def only_v1(endpoints, **kwargs):
    """Wagtail's admin API lives under /cms/ and is not part of our contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "oa.org.api_auth.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "个人令牌：`Token <令牌>`，通过 POST /api/v1/auth/token/ 获取。",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "oa.org.api_auth.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "oa_session"}


class _RefusedAsJson:
    """A refusal (anonymous → 401) in the API's JSON error shape, not as YAML or an HTML template."""

    def handle_exception(self, exc):
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().handle_exception(exc)


class SchemaView(_RefusedAsJson, SpectacularAPIView):
    """/api/schema/: for logged-in people (session or token) only — SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]."""


class DocsView(_RefusedAsJson, SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI with its start-up script served as a file (`?script`), not inline, so the page
    keeps the site's Content-Security-Policy (docs/security.md)."""


# --- the error answers every operation may give (oa/core/api_errors.py gives them one shape) --------

ERROR_SCHEMA = {
    "type": "object",
    "description": "出错时的统一格式：detail 为中文说明。",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "请求有误：字段名 → 错误信息列表；整体性的错误在 detail 下。",
    "additionalProperties": {},
}
ERROR_DESCRIPTIONS = {
    "400": "请求有误（参数、字段或格式）",
    "401": "未登录或令牌无效、已过期、已吊销",
    "403": "无权执行此操作",
    "404": "对象不存在或不在本人可见范围内",
    "409": "对象状态已变化（他人已先行处理），未作任何更改",
    "429": "尝试过于频繁，账户已暂时锁定",
}
BODY_METHODS = {"post", "put", "patch"}


def _error_codes(method: str, operation: dict, path_parameters: bool) -> list[str]:
    """Which error answers an operation can give: 401/403 behind authentication, 400 where there is input,
    404 where the path names an object, 409 where a write meets a state that moved on."""
    codes = []
    has_input = method in BODY_METHODS or any(p.get("in") == "query" for p in operation.get("parameters", []))
    if has_input:
        codes.append("400")
    if operation.get("security") != [{}]:
        codes += ["401", "403"]
    if path_parameters:
        codes.append("404")
    if method in BODY_METHODS | {"delete"} and path_parameters:
        codes.append("409")
    return codes


def error_responses(result, generator, request, public):
    """Postprocessing hook: declare the error answers (in the one error shape) on every operation that
    can give them, so a client generated from the schema knows every status it may meet. An answer an
    operation declares itself (e.g. org import's 400) is kept."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in BODY_METHODS | {"get", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code in _error_codes(method, operation, "{" in path):
                responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
            for code, declared in responses.items():
                if code.startswith("4") and "content" not in declared:  # e.g. `409: None` in a view: our shape
                    ref = "ValidationError" if code == "400" else "Error"
                    declared["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
                    if not declared.get("description") or declared["description"] == "No response body":
                        declared["description"] = ERROR_DESCRIPTIONS.get(code, "")
    return result
