"""Cross-cutting request middleware."""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.utils.deprecation import MiddlewareMixin

from oa.core.bodylimit import STATUS, body_limit, declared_length, too_large_message

# Paths that answer for themselves: the JSON API authenticates per request (session or token)
# and replies 401/403 in JSON instead of redirecting; static files are public by nature.
OPEN_PREFIXES = ("/api/", "/static/", "/healthz")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a logged-in person unless its view is marked @login_not_required."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class BodyLimitMiddleware(MiddlewareMixin):
    """A declared Content-Length over the body's limit is a 413 before anything reads the body
    (first in MIDDLEWARE; under ASGI oa.core.bodylimit.asgi_body_limit has already checked)."""

    def process_request(self, request):
        limit = body_limit(request.META.get("CONTENT_TYPE"))
        length = declared_length(request.META.get("CONTENT_LENGTH"))
        if length is not None and length > limit:
            from oa.core.errors import respond

            return respond(request, STATUS, too_large_message(limit))
        return None


class ContentSecurityPolicyMiddleware:
    """Sets Content-Security-Policy on every response that has none of its own (a screenshot sets a
    stricter one): settings.OA_CSP, or the first of settings.OA_CSP_BY_PREFIX whose path prefix matches
    (the Wagtail admin needs inline scripts). No inline script runs on our own pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = csp_for(request.path)
        return response


def csp_for(path: str) -> str:
    for prefix, policy in settings.OA_CSP_BY_PREFIX.items():
        if path.startswith(prefix):
            return policy
    return settings.OA_CSP


IDLE_SEEN_KEY = "oa_seen"


def idle_refresh_seconds() -> int:
    """How stale the last-seen mark may get before a request writes the session again: a minute,
    or a tenth of the idle timeout when that is shorter."""
    return max(1, min(60, settings.SESSION_COOKIE_AGE // 10))


class SessionIdleMiddleware:
    """The idle timeout without writing the session on every request (SESSION_SAVE_EVERY_REQUEST is
    off). A signed-in session carries a last-seen mark; a request re-saves the session (and so renews its
    expiry, SESSION_COOKIE_AGE from the save) only when the mark is older than idle_refresh_seconds().
    A session idle longer than SESSION_COOKIE_AGE is emptied before authentication reads it, so the person
    is signed out even if the stored expiry was renewed by a write a moment before the mark. Signing in
    sets the mark in the same write (the login saves the session anyway), so the next page writes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id"):
            now = int(time.time())
            seen = session.get(IDLE_SEEN_KEY)
            if isinstance(seen, int) and now - seen > settings.SESSION_COOKIE_AGE:
                session.flush()
            elif not isinstance(seen, int) or now - seen >= idle_refresh_seconds():
                session[IDLE_SEEN_KEY] = now
        response = self.get_response(request)
        if session is not None and session.modified and session.get("_auth_user_id") and IDLE_SEEN_KEY not in session:
            session[IDLE_SEEN_KEY] = int(time.time())  # just signed in: saved with the login's own write
        return response
