"""Cite a passage of another article: choose the article, select the passage, say how it bears
on the claim. The text is anchored like the reading page, so `static/js/selection.js` turns the
selection into code point offsets (`static/js/cite_picker.js` fills the form)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from annotations.models import Article, Claim
from annotations.policies import check_claim_evidence_writable, check_write_evidence
from annotations.selectors.citable_articles import (
    citable_article_get,
    citable_articles,
    revision_blocks,
)
from annotations.services.citations import citation_create
from annotations.views.citations import claim_page_url, claim_with_article, refusal
from project.errors import DomainError
from project.http import found_or_404, is_whole_number
from project.permissions import requires
from sources.forms import ArticleCitationForm, ArticleSearchForm, apply_domain_error

ARTICLES_PER_PAGE = 20
PICKER_TEMPLATE = "sources/citation_article_picker.html"


def _chosen_article(request: HttpRequest, claim: Claim) -> Article | None:
    chosen = request.POST.get("article") or request.GET.get("article") or ""
    if not chosen:
        return None
    if not is_whole_number(chosen):
        raise Http404("Choose an article from the list.")
    return found_or_404(citable_article_get, pk=int(chosen), exclude_article_id=claim.article_id)


def _article_choice(request: HttpRequest, claim: Claim) -> HttpResponse:
    search_form = ArticleSearchForm(request.GET)
    search = search_form.data.get("q", "")
    articles = citable_articles(exclude_article_id=claim.article_id, search=search)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"claim": claim, "search_form": search_form, "search": search, "page": page}
    return render(request, PICKER_TEMPLATE, context)


def _passage_choice(
    request: HttpRequest,
    *,
    claim: Claim,
    article: Article,
    form: ArticleCitationForm,
    status: int = 200,
) -> HttpResponse:
    revision = article.current_revision
    context = {
        "claim": claim,
        "article": article,
        "revision": revision,
        "blocks": revision_blocks(revision),
        "form": form,
    }
    return render(request, PICKER_TEMPLATE, context, status=status)


@requires(check_write_evidence)
@require_http_methods(["GET", "POST"])
def citation_article_picker(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_with_article(pk)
    if request.method == "GET":
        try:
            check_claim_evidence_writable(user=request.user, claim=claim)
        except DomainError as error:
            return refusal(request, error, back_url=claim_page_url(claim))
    article = _chosen_article(request, claim)
    if article is None:
        return _article_choice(request, claim)
    if request.method == "GET":
        form = ArticleCitationForm(initial={"cited_revision": article.current_revision_id})
        return _passage_choice(request, claim=claim, article=article, form=form)

    form = ArticleCitationForm(request.POST)
    if not form.is_valid():
        return _passage_choice(request, claim=claim, article=article, form=form, status=400)
    values = form.cleaned_data
    revision = article.revisions.filter(pk=values["cited_revision"]).first()
    if revision is None:
        form.add_error(None, "That is not a revision of this article; select the passage again.")
        return _passage_choice(request, claim=claim, article=article, form=form, status=400)
    try:
        citation_create(
            user=request.user,
            claim=claim,
            stance=values["stance"],
            note=values["note"],
            cited_revision=revision,
            cited_start=values["cited_start"],
            cited_end=values["cited_end"],
        )
    except DomainError as error:
        apply_domain_error(form, error)
        return _passage_choice(
            request, claim=claim, article=article, form=form, status=error.status
        )
    messages.success(request, f"Passage of “{article.title}” added as evidence.")
    return redirect(claim_page_url(claim))
