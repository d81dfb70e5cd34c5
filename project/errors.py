"""Domain errors raised by services, and their one HTTP shape: RFC 9457 problem details.

Services raise these; the API's exception handler and the page views translate them, so a rule
broken anywhere reads the same to an API client and to a person in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class DomainError(Exception):
    """A request that breaks a rule. `message` is written for the person who made it."""

    status = 400
    title = "Invalid request"

    def __init__(self, message: str, *, errors: Mapping[str, Sequence[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = dict(errors or {})

    def extra(self) -> dict[str, object]:
        return {}


class InvalidInput(DomainError):
    status = 400
    title = "Invalid input"


class NotAllowed(DomainError):
    status = 403
    title = "Not allowed"


class NotFound(DomainError):
    status = 404
    title = "Not found"


class Conflict(DomainError):
    """The resource is not in a state that allows this (e.g. an illegal workflow transition)."""

    status = 409
    title = "Conflict"

    def __init__(
        self, message: str, *, allowed: Sequence[str] = (), current: str | None = None
    ) -> None:
        super().__init__(message)
        self.allowed = list(allowed)
        self.current = current

    def extra(self) -> dict[str, object]:
        extra: dict[str, object] = {"allowed": self.allowed}
        if self.current is not None:
            extra["current"] = self.current
        return extra


class Gone(DomainError):
    """The resource existed and was deleted on purpose."""

    status = 410
    title = "Gone"


class PreconditionFailed(DomainError):
    """If-Match named a version that is no longer current."""

    status = 412
    title = "Precondition failed"


def check_version(*, what: str, expected: int | None, current: int, state: str = "") -> None:
    """Raise PreconditionFailed when the version the client saw (If-Match, a form's hidden field)
    is not `current`: somebody else changed the `what` since. None means the client named none."""
    if expected is None or expected == current:
        return
    now = f"version {current}, {state}" if state else f"version {current}"
    raise PreconditionFailed(
        f"The {what} was changed by someone else since you opened it (you had version "
        f"{expected}, it is now {now}); reload it and try again."
    )


class TooLarge(DomainError):
    status = 413
    title = "Too large"


STATUS_TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Too large",
    415: "Unsupported media type",
    429: "Too many requests",
}


def problem(status: int, title: str, detail: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    body.update({key: value for key, value in extra.items() if value not in (None, {}, [])})
    return body


def problem_response(status: int, title: str, detail: str) -> JsonResponse:
    """Problem details as a plain Django response, for answers given outside DRF."""
    return JsonResponse(
        problem(status, title, detail), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def _flatten_drf_detail(detail) -> tuple[str, dict[str, list[str]]]:
    if isinstance(detail, dict):
        errors = {
            str(field): [str(item) for item in (value if isinstance(value, list) else [value])]
            for field, value in detail.items()
        }
        first_field, first_messages = next(iter(errors.items()), ("", [""]))
        prefix = "" if first_field in ("non_field_errors", "detail") else f"{first_field}: "
        return prefix + (first_messages[0] if first_messages else "Invalid input."), errors
    if isinstance(detail, list):
        return (str(detail[0]) if detail else "Invalid input."), {}
    return str(detail), {}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every API error as problem details with an actionable detail."""
    if isinstance(exc, DomainError):
        body = problem(exc.status, exc.title, exc.message, errors=exc.errors, **exc.extra())
        return Response(body, status=exc.status, content_type=PROBLEM_CONTENT_TYPE)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = drf_exceptions.ValidationError(errors)
    elif isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf_exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail, errors = _flatten_drf_detail(response.data)
    title = STATUS_TITLES.get(response.status_code, "Error")
    # A lone generic message is already the detail; field errors are listed too.
    only_generic = set(errors) <= {"detail", "non_field_errors"}
    response.data = problem(
        response.status_code, title, detail, errors=None if only_generic else errors
    )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


# Pages and API answers for errors raised outside a view's own handling ----------------------
#
# Django's handler400/403/404/500 and CSRF_FAILURE_VIEW point here, and ErrorPagesMiddleware
# routes a view's Http404 / PermissionDenied / DomainError here too, so that DEBUG on and off
# answer alike. Under /api/ every answer is problem details; an htmx request gets the refusal
# alone (static/js/htmx_errors.js shows it where the user acted); anything else gets a page in
# the site's layout with a way back.

ERROR_PAGE_TEMPLATE = "errors/page.html"
REFUSAL_TEMPLATE = "errors/page.html#refusal"

PAGE_MESSAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "Your account does not have the role needed for this page."),
    404: ("Not found", "There is nothing at this address. It may have been deleted or moved."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: (
        "Too large",
        "What you sent is larger than the site accepts. Shorten it, or upload the text as "
        "a file, and try again.",
    ),
    500: (
        "Something went wrong",
        "The server could not complete the request. Nothing was changed; try again in a moment.",
    ),
}
CSRF_FAILURE_MESSAGE = (
    "The form had expired or came from another site, so nothing was saved. Reload the page "
    "and send the form again."
)


# Where clients are programs, not people: the REST API and the W3C annotation containers.
API_PATH_PREFIXES = ("/api/", "/annotations/")


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIXES)


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for part of a page (a boosted one replaces the whole page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def _same_site_referer(request: HttpRequest) -> str:
    """Where the visitor came from, when it is a page of this site other than this one."""
    referer = request.headers.get("Referer", "")
    if (
        referer
        and urlsplit(referer).path != request.path
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referer
    return ""


def error_response(
    request: HttpRequest,
    status: int,
    *,
    message: str = "",
    title: str = "",
    standalone: bool = False,
) -> HttpResponse:
    """The answer for a refused or failed request: problem details under /api/, the refusal
    alone for htmx, otherwise the error page. `standalone` renders without the request, so no
    context processor runs (for a failure that may be in what they need)."""
    default_title, default_message = PAGE_MESSAGES.get(status, ("Error", ""))
    title = title or default_title
    message = message or default_message
    if is_api_request(request):
        return problem_response(status, title, message)
    context: dict[str, object] = {"status": status, "title": title, "message": message}
    template = REFUSAL_TEMPLATE if wants_fragment(request) else ERROR_PAGE_TEMPLATE
    if standalone:
        body = loader.render_to_string(template, {**context, "standalone": True})
        return HttpResponse(body, status=status)
    if template == ERROR_PAGE_TEMPLATE:
        context["back_url"] = _same_site_referer(request)
    return render(request, template, context, status=status)


def _exception_message(exception: BaseException | None) -> str:
    """A message the code wrote for people (`raise Http404("There is no claim 4.")`); Django's
    own resolver messages are dicts or technical, and are not shown."""
    if isinstance(exception, DomainError):
        return exception.message
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]
    return ""


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return error_response(request, 403, message=_exception_message(exception))


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    message = _exception_message(exception) if not isinstance(exception, Resolver404) else ""
    return error_response(request, 404, message=message)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: the failure may be in what the context processors need
    (the session, the user, the database)."""
    return error_response(request, 500, standalone=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: what happened and what to do, instead of Django's bare page."""
    return error_response(request, 403, title="Form expired", message=CSRF_FAILURE_MESSAGE)


@login_not_required
def api_not_found(request: HttpRequest) -> HttpResponse:
    """Every /api/ address no route matches: problem details, not an HTML page."""
    detail = f"There is no API endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            with_slash = resolve(request.path + "/").url_name
        except Resolver404:
            with_slash = None
        if with_slash not in (None, "api-not-found"):
            detail += f" Did you mean {request.path}/ (with the trailing slash)?"
    return problem_response(404, "Not found", detail)
