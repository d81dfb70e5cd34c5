"""Refuse request parameters PostgreSQL cannot store or compare, before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from project.errors import is_api_request, problem_response

NUL = "\x00"
MESSAGE = "The request contains a NUL character (\\u0000), which no field can hold: remove it."


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    for values in (request.GET, request.POST if request.method == "POST" else {}):
        for key in values:
            if NUL in key or any(NUL in value for value in values.getlist(key)):
                return True
    return False


class RejectNulBytesMiddleware:
    """PostgreSQL refuses NUL in text, so a filter like `?tag=a%00b` would otherwise end in a
    database error (a 500). Every such request gets a 400 that says why instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if is_api_request(request):
                return problem_response(400, "Invalid input", MESSAGE)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
