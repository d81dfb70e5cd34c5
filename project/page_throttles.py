"""Throttles for pages: the API's rates (project/throttling.py) around a Django view."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from project.errors import error_response
from project.throttling import seconds_to_wait


def is_search(request: HttpRequest) -> bool:
    return bool(request.GET.get("q", "").strip())


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"


def throttled(scope: str, *, when: Callable[[HttpRequest], bool] = lambda request: True):
    """Count a page's requests against `scope` (those for which `when` holds) and answer 429
    with Retry-After beyond its rates."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if when(request):
                wait = seconds_to_wait(request, scope)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request: HttpRequest, wait: float) -> HttpResponse:
    seconds = max(1, round(wait))
    response = error_response(
        request,
        429,
        title="Too many requests",
        message=f"You have made this request too often; wait {seconds} seconds and try again.",
    )
    response["Retry-After"] = str(seconds)
    return response
