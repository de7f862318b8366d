"""Cross-cutting request middleware."""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware

# Paths that answer for themselves: the JSON API authenticates per request (session or token)
# and replies 401/403 in JSON instead of redirecting; static files are public by nature.
OPEN_PREFIXES = ("/api/", "/static/", "/healthz")


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a logged-in person unless its view is marked @login_not_required."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(OPEN_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
