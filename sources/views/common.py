"""What the source and citation pages share: fetching a claim, and showing a refusal."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Claim
from project.errors import DomainError


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
