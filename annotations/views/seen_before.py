"""Pages of "Seen before": the similar claims listed in the claim dialog while an editor marks
a claim, linking a claim to the same claim elsewhere (or undoing it), and reusing a linked
claim's evidence.

Thin: `selectors/similarity.py` reads, `services/links.py` and `sources/services/citations.py`
write, `policies` decides who may. Link and undo answer htmx with the "Seen before" section
they changed; reusing evidence changes the evidence and the review panel as well, so it answers
with a redirect to the page, whole.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotations.models import Article, Claim
from annotations.selectors.claims import claim_get
from annotations.selectors.similarity import (
    SIMILAR_LIMIT_MAX,
    chosen_claims,
    seen_before_section,
    similar_claims,
)
from annotations.services.citations import citations_reuse
from annotations.services.links import claim_link, claim_unlink
from annotations.templatetags.seen_before import SECTION_TEMPLATE, seen_before_context
from annotations.views.citations import refusal
from project.errors import DomainError
from project.http import found_or_404, is_whole_number, safe_next

DIALOG_TEXT_MAX = 2000
"""What the dialog sends is compared up to this many characters: a claim is a sentence or two."""


def _claim(pk: int) -> Claim:
    return found_or_404(claim_get, pk=pk)


def _next(request: HttpRequest, claim: Claim) -> str:
    return safe_next(request, reverse("claim-detail", args=[claim.pk]))


@require_GET
def article_seen_before(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim dialog's list: claims of other articles like the quote (`exact`) and the
    restated claim (`text`) being marked in article `pk`, each with a "Same claim" box that
    saving the claim links it to. Boxes already ticked (`same_as`) stay ticked, and a ticked
    claim that the edited text no longer finds stays listed (one more query)."""
    article = get_object_or_404(Article, pk=pk)
    text = request.GET.get("text", "")[:DIALOG_TEXT_MAX]
    quote = request.GET.get("exact", "")[:DIALOG_TEXT_MAX]
    chosen = {
        int(value)
        for value in request.GET.getlist("same_as")[:SIMILAR_LIMIT_MAX]
        if is_whole_number(value)
    }
    similar = similar_claims(text=text or quote, quote=quote, exclude_article_id=article.pk)
    listed = {item.pk for item in similar}
    kept = chosen_claims(ids=chosen - listed) if chosen - listed else []
    return render(
        request,
        "annotations/partials/seen_before_dialog.html",
        {
            "similar": similar,
            "kept": kept,
            "chosen": chosen,
            "choosing": True,
            "asked": bool(text.strip() or quote.strip()),
        },
    )


def _section(request: HttpRequest, claim: Claim, *, status: int = 200, **extra) -> HttpResponse:
    section = seen_before_section(user=request.user, claim=claim)
    context = seen_before_context(request=request, claim=claim, section=section) | extra
    return render(request, SECTION_TEMPLATE, context, status=status)


def _change_link(
    request: HttpRequest, claim: Claim, change: Callable[..., object], *, done: str, same_as: Claim
) -> HttpResponse:
    """Link or unlink (`change`, a service of `services/links.py`) `claim` and `same_as`, and
    answer: htmx gets the section again with what happened (or why not); otherwise back to the
    page with a message (or the refusal)."""
    try:
        change(user=request.user, claim=claim, same_as=same_as)
    except DomainError as error:
        if request.htmx:
            fresh = _claim(claim.pk)
            return _section(request, fresh, status=error.status, seen_before_error=error.message)
        return refusal(request, error, back_url=_next(request, claim))
    if request.htmx:
        fresh = _claim(claim.pk)
        return _section(request, fresh, seen_before_notice=done)
    messages.success(request, done)
    return redirect(_next(request, claim))


def _other(value: str) -> Claim:
    if not is_whole_number(value):
        raise Http404("Choose a claim to link to.")
    return _claim(int(value))


@require_POST
def claim_link_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Link claim `pk` to claim `same_as` (a form field) as the same claim."""
    claim = _claim(pk)
    same_as = _other(request.POST.get("same_as", ""))
    done = f"Linked to claim {same_as.pk} as the same claim."
    return _change_link(request, claim, claim_link, same_as=same_as, done=done)


@require_POST
def claim_unlink_view(request: HttpRequest, pk: int, same_as: int) -> HttpResponse:
    claim = _claim(pk)
    other = _claim(same_as)
    done = f"No longer linked to claim {other.pk}."
    return _change_link(request, claim, claim_unlink, same_as=other, done=done)


@require_POST
def claim_reuse_evidence_view(request: HttpRequest, pk: int, source: int) -> HttpResponse:
    """Copy the evidence of claim `source` (linked, verified) onto claim `pk`, then show the
    page again: the evidence, the review panel and this section all changed."""
    claim = _claim(pk)
    try:
        reuse = citations_reuse(user=request.user, claim=claim, source_claim=_claim(source))
    except DomainError as error:
        return refusal(request, error, back_url=_next(request, claim))
    copied = len(reuse.copied)
    if copied:
        message = f"Reused {copied} citation{'s' if copied != 1 else ''} of claim {source}."
        if reuse.skipped:
            message += f" {reuse.skipped} were already here or cite this article."
        messages.success(request, message)
    else:
        messages.info(request, f"The evidence of claim {source} is already on this claim.")
    return redirect(_next(request, claim))
