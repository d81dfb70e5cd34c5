"""What the source and citation pages share: role guards, fetching, and showing a refusal."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Claim
from project.errors import DomainError

View = Callable[..., HttpResponse]


def only(allowed: Callable[[AbstractBaseUser | AnonymousUser], bool]) -> Callable[[View], View]:
    """Refuse the view (403) to users without the role, before reading what they sent."""

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def claim_or_404(pk: int) -> Claim:
    try:
        return Claim.objects.select_related("article").get(pk=pk)
    except Claim.DoesNotExist as error:
        raise Http404(f"There is no claim {pk}.") from error


def refusal(request: HttpRequest, error: DomainError, *, back_url: str = "") -> HttpResponse:
    """The page (or, for htmx, the fragment) saying why the request was refused."""
    template = "sources/refused.html" + ("#refusal" if request.htmx else "")
    context = {"error": error, "back_url": back_url}
    return render(request, template, context, status=error.status)
