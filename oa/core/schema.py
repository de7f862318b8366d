"""OpenAPI schema tweaks: only our versioned API, and how our authenticators look in it."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
