"""Pages for reading an article with its claims, marking claims (htmx) and editing them.

Views translate HTTP: who may do what lives in `policies.py`, the writes in `services/claims.py`,
the reads in `selectors/claims.py`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget, trigger_client_event

from annotations.forms_claims import ClaimCreateForm, ClaimForm, SpanForm, split_tag_names
from annotations.models import Article, ArticleRevision, Claim
from annotations.policies import (
    check_claim_editable,
    check_claim_span_movable,
)
from annotations.selectors.claims import (
    claim_get,
    controlled_tags,
    tag_suggestions,
)
from annotations.selectors.corrections import article_corrections_waiting
from annotations.selectors.pages import article_claim_added, article_page
from annotations.services.claims import claim_create, claim_delete, claim_update
from annotations.views.claim_regions import CLAIM_PAGE_TEMPLATE, claim_page_or_404
from project.errors import DomainError, InvalidInput, NotAllowed, NotFound
from project.http import form_version, found_or_404, is_whole_number

ARTICLE_TEMPLATE = "annotations/article_detail.html"
CLAIM_ADDED_TEMPLATE = "annotations/partials/claim_added.html"
FORM_ERRORS_TARGET = "#claim-form-errors"
SELECT_TEXT_FIRST = "Select the text of the claim in the article first."


# Helpers ------------------------------------------------------------------------------------


def _article(pk: int) -> Article:
    return get_object_or_404(Article.objects.select_related("current_revision"), pk=pk)


def _form_problem(form: forms.Form) -> InvalidInput:
    if isinstance(form, SpanForm) and any(
        name in form.errors for name in ("start", "end", "exact")
    ):
        return InvalidInput(SELECT_TEXT_FIRST, errors=form.errors)
    details = [
        f"{form.fields[name].label if name in form.fields else 'Form'}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]
    return InvalidInput(" ".join(details), errors=form.errors)


def _htmx_form_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    """Show the error inside the open claim panel; htmx swaps it in despite the error status."""
    response = render(
        request,
        "annotations/partials/claim_form_errors.html",
        {"message": error.message, "existing_id": getattr(error, "existing_id", None)},
        status=error.status,
    )
    retarget(response, FORM_ERRORS_TARGET)
    return reswap(response, "innerHTML")


def _requested_revision(request: HttpRequest, article: Article) -> ArticleRevision | None:
    number = request.GET.get("revision", "")
    if not number:
        return None
    if not is_whole_number(number):
        raise Http404("No such revision.")
    return get_object_or_404(ArticleRevision, article=article, number=int(number))


def _reanchoring_claim(request: HttpRequest, article: Article) -> Claim | None:
    """The claim whose span is being changed (`?reanchor=<id>`), when that is allowed."""
    claim_id = request.GET.get("reanchor", "")
    if not is_whole_number(claim_id):
        return None
    try:
        claim = claim_get(pk=int(claim_id))
    except NotFound:
        claim = None
    if claim is None or claim.article_id != article.pk:
        messages.error(request, "That claim is not on this article.")
        return None
    try:
        check_claim_span_movable(user=request.user, claim=claim)
    except DomainError as error:
        messages.error(request, error.message)
        return None
    return claim


def _article_context(
    request: HttpRequest,
    article: Article,
    *,
    revision: ArticleRevision | None = None,
    reanchor: Claim | None = None,
) -> dict[str, object]:
    """The article page's view-model, the corrections waiting on it, and the new-claim form
    when the user may mark claims."""
    page = article_page(user=request.user, article=article, revision=revision, reanchor=reanchor)
    context = page.as_context()
    context["corrections_waiting"] = article_corrections_waiting(article=article)
    if page.can_annotate and reanchor is None:
        context["form"] = ClaimCreateForm(controlled=controlled_tags())
    return context


# The article page ---------------------------------------------------------------------------


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    revision = _requested_revision(request, article)
    reanchor = _reanchoring_claim(request, article) if revision is None else None
    context = _article_context(request, article, revision=revision, reanchor=reanchor)
    return render(request, ARTICLE_TEMPLATE, context)


@require_POST
def claim_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the selected span as a claim; htmx gets the page's regions the claim changed (its
    highlighted blocks, its row, the count), without JavaScript the page at the claim."""
    article = _article(pk)
    form = ClaimCreateForm(request.POST, controlled=controlled_tags())
    try:
        if not form.is_valid():
            raise _form_problem(form)
        position, quote = form.selectors()
        claim = claim_create(
            user=request.user,
            article=article,
            position=position,
            quote=quote,
            text=form.cleaned_data["text"],
            tags=form.tag_names(),
            note=form.cleaned_data["note"],
            allow_duplicate=form.cleaned_data["allow_duplicate"],
            same_as=form.cleaned_data["same_as"],
        )
    except DomainError as error:
        if request.htmx:
            return _htmx_form_error(request, error)
        messages.error(request, error.message)
        return render(
            request, ARTICLE_TEMPLATE, _article_context(request, article), status=error.status
        )
    if not request.htmx:
        messages.success(request, "Claim saved.")
        return redirect(f"{reverse('article-detail', args=[article.pk])}#claim-{claim.pk}")
    # Only what the new claim changed, not the reader: re-rendering every highlight made saving
    # on an article with a thousand claims several times slower than on one with a few.
    added = article_claim_added(claim=claim)
    response = render(request, CLAIM_ADDED_TEMPLATE, added.as_context())
    return trigger_client_event(response, "claim-saved", {"id": claim.pk}, after="settle")


@require_GET
def tag_suggestions_view(request: HttpRequest) -> HttpResponse:
    """Tags for the autocomplete list: the last comma-separated term typed is the prefix."""
    typed = request.GET.get("q", request.GET.get("free_tags", ""))
    terms = typed.split(",")
    already = {name.lower() for name in split_tag_names(",".join(terms[:-1]))}
    suggestions = [tag for tag in tag_suggestions(terms[-1]) if tag.name.lower() not in already]
    return render(
        request, "annotations/partials/claim_tag_suggestions.html", {"suggestions": suggestions}
    )


# The claim page -----------------------------------------------------------------------------


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = claim_page_or_404(request, pk)
    return render(
        request, CLAIM_PAGE_TEMPLATE, {"page": page, "review_next": request.get_full_path()}
    )


@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(claim_get, pk=pk)
    controlled = controlled_tags()
    context: dict[str, object] = {"claim": claim}
    try:
        check_claim_editable(user=request.user, claim=claim)
    except DomainError as error:
        context["error"] = error.message
        return render(request, "annotations/claim_edit.html", context, status=error.status)

    if request.method == "GET":
        initial = ClaimForm.initial_for(claim, controlled=controlled)
        context["form"] = ClaimForm(initial=initial, controlled=controlled)
        return render(request, "annotations/claim_edit.html", context)

    form = ClaimForm(request.POST, controlled=controlled)
    context["form"] = form
    try:
        if not form.is_valid():
            raise _form_problem(form)
        claim_update(
            user=request.user,
            claim=claim,
            text=form.cleaned_data["text"],
            tags=form.tag_names(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        context["error"] = error.message
        return render(request, "annotations/claim_edit.html", context, status=error.status)
    messages.success(request, "Claim updated.")
    return redirect("claim-detail", pk=claim.pk)


@require_POST
def claim_span(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a claim to a newly selected span (the article page's re-anchor mode)."""
    claim = found_or_404(claim_get, pk=pk)
    form = SpanForm(request.POST)
    try:
        if not form.is_valid():
            raise _form_problem(form)
        position, quote = form.selectors()
        claim_update(
            user=request.user,
            claim=claim,
            position=position,
            quote=quote,
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as error:
        if request.htmx:
            return _htmx_form_error(request, error)
        if isinstance(error, NotAllowed):
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
        return redirect(f"{reverse('article-detail', args=[claim.article_id])}?reanchor={pk}")
    messages.success(request, "The claim now points to the new text.")
    claim_url = reverse("claim-detail", args=[claim.pk])
    return HttpResponseClientRedirect(claim_url) if request.htmx else redirect(claim_url)


@require_http_methods(["GET", "POST"])
def claim_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = found_or_404(claim_get, pk=pk)
    context: dict[str, object] = {"claim": claim}
    try:
        if request.method == "GET":
            check_claim_editable(user=request.user, claim=claim)
            return render(request, "annotations/claim_delete.html", context)
        claim_delete(user=request.user, claim=claim, expected_version=form_version(request))
    except DomainError as error:
        context["error"] = error.message
        return render(request, "annotations/claim_delete.html", context, status=error.status)
    messages.success(request, "Claim deleted.")
    return redirect("article-detail", pk=claim.article_id)
