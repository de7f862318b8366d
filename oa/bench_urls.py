"""The URLs of `bench http`'s own daphne process only: the app's URLs plus /bench/bare/, a view that
does nothing, so that a page's cost can be read beside the cost of the stack itself (ASGI handler,
every middleware, the session and the login). oa.urls never includes this module: production has no
such route; the bench sets ROOT_URLCONF to it in the forked server process (oa/bench_http.py). It sits beside oa/urls.py, above every app layer."""

from django.http import HttpResponse
from django.urls import path

from oa.urls import handler400, handler403, handler404, handler500
from oa.urls import urlpatterns as app_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

BARE_URL = "/bench/bare/"


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(BARE_URL.strip("/") + "/", bare), *app_urlpatterns]
