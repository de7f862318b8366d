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
