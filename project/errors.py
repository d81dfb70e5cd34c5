"""Domain errors raised by services, and their one HTTP shape: RFC 9457 problem details.

Services raise these; the API's exception handler and the page views translate them, so a rule
broken anywhere reads the same to an API client and to a person in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
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
    415: "Unsupported media type",
    429: "Too many requests",
}


def problem(status: int, title: str, detail: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    body.update({key: value for key, value in extra.items() if value not in (None, {}, [])})
    return body


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
