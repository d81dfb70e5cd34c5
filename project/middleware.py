"""The database going away answers 503 with Retry-After, never a traceback.

When PostgreSQL is down or restarting, any request that touches it fails with an
OperationalError or InterfaceError: in a view, in the session or user lookup of another
middleware, or in a context processor. This middleware turns every such failure into a 503 —
problem details for the API, a small page otherwise — rendered without touching the database
(no context processors, no session). Nothing else is needed to recover: connections are checked
before reuse (CONN_HEALTH_CHECKS) and a broken one is closed at the end of the request, so the
first request after the database is back gets a fresh connection.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import psycopg
from django import db
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.template import loader

from project import errors
from project.errors import is_api_request, problem_response

RETRY_AFTER_SECONDS = 5
UNAVAILABLE_ERRORS = (
    db.OperationalError,
    db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
# Set on the request when an uncaught database outage became Django's 500 response.
_FLAG = "_corroborate_database_unavailable"

logger = logging.getLogger(__name__)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    detail = "The database is not reachable at the moment; try again in a few seconds."
    if is_api_request(request):
        response: HttpResponse = problem_response(503, "Service unavailable", detail)
    else:
        # A template of its own, rendered without the request: no context processor may run.
        body = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _flag_database_outage(sender, request: HttpRequest | None = None, **kwargs) -> None:
    """Django turns an exception raised outside a view (another middleware, say) into a 500
    before an outer middleware sees it; this receiver remembers it was the database."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, UNAVAILABLE_ERRORS):
        setattr(request, _FLAG, True)


got_request_exception.connect(_flag_database_outage, dispatch_uid="corroborate-db-outage")


class DatabaseUnavailableMiddleware:
    """Put it early in MIDDLEWARE: it answers for every middleware after it and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _FLAG, False):
            return self._unavailable(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return self._unavailable(request)
        return None

    def _unavailable(self, request: HttpRequest) -> HttpResponse:
        logger.warning("Database unavailable during %s %s", request.method, request.path)
        return database_unavailable_response(request)


class ErrorPagesMiddleware:
    """The site's own error answers (project/errors.py) with DEBUG on as well as off.

    - A POST body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 from its
      Content-Length, before anything reads it (the NUL guard and the CSRF check would, ending
      in Django's RequestDataTooBig page). Files are not counted in that setting, but it is set
      above the largest article accepted, so no body over it can be accepted anyway. Put this
      after AuthenticationMiddleware (the page shows who is signed in) and before anything
      that reads the body.
    - A view's Http404, PermissionDenied or DomainError outside /api/ (DRF answers those there)
      becomes the error page or, for htmx, the refusal shown in place; with DEBUG on Django
      would show its technical page, which lists every URL pattern to any visitor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _body_too_large(request):
            return errors.error_response(request, 413)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if errors.is_api_request(request):
            return None
        if isinstance(exception, Http404):
            return errors.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return errors.permission_denied(request, exception)
        if isinstance(exception, errors.DomainError):
            return errors.error_response(request, exception.status, message=exception.message)
        return None


def _body_too_large(request: HttpRequest) -> bool:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.method != "POST":
        return False
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isdigit() and int(length) > limit


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """304 Not Modified for a GET whose If-None-Match names the ETag the view sent, on every
    resource that sends one (a claim, a source, a citation, the export). No ETag is computed
    for the others: those responses are not changed."""

    def needs_etag(self, response: HttpResponse) -> bool:
        return False
