"""ASGI entry point: HTTP through Django, WebSockets through Channels (served by daphne)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oa.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

from oa.core.bodylimit import asgi_body_limit  # noqa: E402

# A body over its limit is refused before Django's handler reads it whole (oa/core/bodylimit.py).
django_asgi_app = asgi_body_limit(get_asgi_application())

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from oa.routing import websocket_urlpatterns  # noqa: E402


def _leave_bodies_to_django() -> None:
    """Twisted's http.Request parses a multipart/form-data body itself (daphne never reads the result; Django
    parses the body again) and answers 400 before the application when the body has no part at all — an empty
    FormData, which Wagtail's editor sends every 10 s to keep its editing session (a console error on every
    page being edited). Daphne builds each request from the module's WebRequest, so this one asks Twisted
    not to parse: the body reaches Django as it came, and a large upload is no longer parsed twice."""
    from daphne import http_protocol

    if getattr(http_protocol.WebRequest, "oa_unparsed", False):
        return

    class WebRequest(http_protocol.WebRequest):
        oa_unparsed = True

        def __init__(self, *args, **kwargs):
            kwargs.setdefault("parsePOSTFormSubmission", False)
            super().__init__(*args, **kwargs)

    http_protocol.WebRequest = WebRequest


_leave_bodies_to_django()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

# Everything imported so far lives as long as the process: move it out of the garbage collector's
# generations, so that full collections (which otherwise add ~100 ms to every other PDF render)
# only walk what requests create. Measured in docs/benchmarks.md.
import gc  # noqa: E402

gc.freeze()
