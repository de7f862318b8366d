"""What we record about where a request came from."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings


def client_ip(request) -> str | None:
    """The client address, trusting X-Forwarded-For only through OA_TRUSTED_PROXY_COUNT proxies."""
    if request is None:
        return None
    hops = settings.OA_TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR")
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def client_ip_for_axes(request) -> str:
    return client_ip(request) or ""


def user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300]


# The client address of the request being served, for code far from the view (the ledger).
_current_ip: ContextVar[str | None] = ContextVar("oa_client_ip", default=None)


def current_client_ip() -> str | None:
    return _current_ip.get()


class RequestContextMiddleware:
    """Remember the client address for the duration of one request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _current_ip.reset(token)
