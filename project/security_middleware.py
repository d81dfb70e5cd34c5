"""Two small policies every response and session follow: the browser features pages may use,
and how long a session lasts without use."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Sessions record their last use at most this often: the expiry moves on with use without a
# session write on every request.
ACTIVITY_RECORD_SECONDS = 60
_LAST_ACTIVITY = "corroborate_last_activity"


class PermissionsPolicyMiddleware:
    """Sends PERMISSIONS_POLICY: the powerful browser features no page of this site uses
    (camera, microphone, location, payment …) are switched off, for embedded content too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def record_activity_at_sign_in(sender, request: HttpRequest | None, **kwargs) -> None:
    """A user_logged_in receiver: signing in is activity, saved with the new session."""
    if request is not None and hasattr(request, "session"):
        request.session[_LAST_ACTIVITY] = int(time.time())


class IdleSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE seconds without a request (the idle timeout):
    each request to an existing session marks it used, which saves it with a new expiry (in
    the database and on the cookie), at most once every ACTIVITY_RECORD_SECONDS."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - session.get(_LAST_ACTIVITY, 0) >= ACTIVITY_RECORD_SECONDS:
                session[_LAST_ACTIVITY] = now
        return self.get_response(request)
