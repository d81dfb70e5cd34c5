"""The claim page and the claim's review page, rendered whole or, for an htmx action taken on
either, as the page's main region (`#claim-main`) from a fresh `ClaimPage` view-model, so that
every part of the page agrees with the database after the action.

The region says which page it belongs to (`hx-vals='{"page": ...}'` on `#claim-main`, sent with
every htmx request from inside it), so an action shared by both pages (adding evidence, a review
action) answers with the right layout.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import reswap, retarget

from annotations.selectors.pages import ClaimPage, claim_page
from project.http import found_or_404

CLAIM_PAGE_TEMPLATE = "annotations/claim_detail.html"
REVIEW_PAGE_TEMPLATE = "annotations/review_claim.html"
PAGE_TEMPLATES = {"claim": CLAIM_PAGE_TEMPLATE, "review": REVIEW_PAGE_TEMPLATE}
MAIN_REGION = "#claim-main"


def claim_page_or_404(request: HttpRequest, pk: int) -> ClaimPage:
    return found_or_404(claim_page, user=request.user, pk=pk)


def acting_page_template(request: HttpRequest, default: str = CLAIM_PAGE_TEMPLATE) -> str:
    """The template of the page an htmx action was taken on (`default` for a plain form)."""
    name = request.POST.get("page") or request.GET.get("page") or ""
    return PAGE_TEMPLATES.get(name, default)


def claim_region_response(
    request: HttpRequest, pk: int, *, status: int = 200, **context: object
) -> HttpResponse:
    """The acting page's main region, re-rendered for `request.user` (htmx), with `context`
    (a review notice or error) added; and out of band, the messages cleared and the
    navigation's counts refreshed."""
    context = {
        "page": claim_page_or_404(request, pk),
        "review_next": context.pop("review_next", "") or request.headers.get("HX-Current-URL", ""),
        "oob": True,
        **context,
    }
    template = f"{acting_page_template(request)}#claim-main"
    response = render(request, template, context, status=status)
    retarget(response, MAIN_REGION)
    return reswap(response, "outerHTML")
