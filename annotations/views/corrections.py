"""Corrections pages: what adding a revision did to the claims, the desk's decisions, and the
claims waiting on a correction across articles.

Who may decide lives in `policies.py`, the writes in `services/corrections.py`, the reads in
`selectors/corrections.py`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations.models import Article, Claim, ClaimCorrection
from annotations.policies import can_resolve_corrections
from annotations.selectors.corrections import corrections_summary, corrections_waiting
from annotations.services.corrections import claim_correction_confirm, claim_correction_keep
from project.http import form_version

SUMMARY_TEMPLATE = "annotations/corrections_summary.html"
QUEUE_TEMPLATE = "annotations/corrections_queue.html"
CORRECTIONS_PER_PAGE = 25


@require_GET
def corrections_summary_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return render(
        request,
        SUMMARY_TEMPLATE,
        {
            "summary": corrections_summary(article=article, number=number),
            "can_resolve": can_resolve_corrections(user=request.user),
        },
    )


@require_GET
def corrections_queue_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(corrections_waiting(), CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, QUEUE_TEMPLATE, {"page": page})


def _decided(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    """The claim's row as it now stands (htmx), with the summary's counts; otherwise back to the
    summary it was decided on."""
    correction = ClaimCorrection.objects.select_related("to_revision").filter(claim=claim).last()
    if not request.htmx:
        messages.success(request, message)
        return redirect("article-corrections", claim.article_id, correction.to_revision.number)
    summary = corrections_summary(article=claim.article, number=correction.to_revision.number)
    row = next(r for r in (*summary.changed, *summary.orphaned) if r.claim.pk == claim.pk)
    return render(
        request,
        f"{SUMMARY_TEMPLATE}#decided",
        {"summary": summary, "row": row, "can_resolve": True, "message": message},
    )


@require_POST
def claim_correction_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    moved = claim_correction_confirm(
        user=request.user, claim=claim, expected_version=form_version(request)
    )
    back_to_review = " and sent it back to review" if moved.status != claim.status else ""
    return _decided(
        request, claim, f"Moved claim {claim.pk} to the corrected text{back_to_review}."
    )


@require_POST
def claim_correction_keep_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(Claim.objects.select_related("article"), pk=pk)
    claim_correction_keep(user=request.user, claim=claim, expected_version=form_version(request))
    return _decided(request, claim, f"Kept claim {claim.pk} on its old revision.")
