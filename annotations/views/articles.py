"""Article pages: the searchable list, uploading an article or a revision, deleting one."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from annotations.forms import ArticleFilterForm, ArticleTextForm, ArticleUploadForm
from annotations.models import Article
from annotations.policies import (
    can_delete_articles,
    can_upload_articles,
    check_delete_articles,
    check_upload_articles,
)
from annotations.selectors.articles import (
    EXCERPT_CHARS,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    RankedArticles,
    article_deletion_impact,
    article_get,
    article_list,
    article_publishers,
    article_uploaders,
)
from annotations.selectors.corrections import revision_has_corrections
from annotations.services.articles import (
    ArticleContent,
    DuplicateArticle,
    article_content_from_file,
    article_content_from_text,
    article_delete,
    article_revision_create,
    article_upload,
    title_for_pasted_text,
)
from project.errors import DomainError
from project.html import html_join, html_template, safe
from project.http import found_or_404
from project.page_throttles import is_post, is_search, throttled
from project.permissions import requires

ARTICLES_PER_PAGE = 20
LIST_TEMPLATE = "annotations/article_list.html"
UPLOAD_TEMPLATE = "annotations/article_upload.html"
DELETE_TEMPLATE = "annotations/article_confirm_delete.html"

_HIGHLIGHTED = re.compile(f"{HIGHLIGHT_START}(.*?){HIGHLIGHT_STOP}", re.DOTALL)
_SENTINELS = re.compile(f"[{HIGHLIGHT_START}{HIGHLIGHT_STOP}]")
_MARK = html_template("<mark>{}</mark>")


def highlighted_snippet(headline: str) -> SafeString:
    """The search headline as HTML: all of it escaped, only the matches wrapped in <mark>."""
    pieces: list[object] = []
    position = 0
    for match in _HIGHLIGHTED.finditer(headline):
        pieces.append(_SENTINELS.sub("", headline[position : match.start()]))
        pieces.append(_MARK(_SENTINELS.sub("", match.group(1))))
        position = match.end()
    pieces.append(_SENTINELS.sub("", headline[position:]))
    return safe(html_join(pieces))


def _excerpt(article: Article) -> str:
    """The start of the text on one line, without a leading repeat of the title."""
    text = article.excerpt.removeprefix(article.title)
    text = " ".join(text.split())
    if len(article.excerpt) < EXCERPT_CHARS:
        return text
    return text.rsplit(" ", 1)[0] + "…"


def _submitted_content(form: ArticleTextForm) -> ArticleContent:
    uploaded = form.cleaned_data.get("file")
    if uploaded:
        return article_content_from_file(file=uploaded)
    return article_content_from_text(
        text=form.cleaned_data["text"], source_format=form.pasted_format
    )


def _to_existing_article(request: HttpRequest, duplicate: DuplicateArticle) -> HttpResponse:
    messages.info(request, f"{duplicate.message} Here it is; nothing new was stored.")
    return redirect("article-detail", duplicate.article.pk)


@require_http_methods(["GET"])
@throttled("search", when=is_search)
def article_list_page(request: HttpRequest) -> HttpResponse:
    form = ArticleFilterForm(
        request.GET, publishers=article_publishers(), uploaders=article_uploaders()
    )
    filters = form.filters()
    articles = article_list(filters=filters)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    for article in page:
        article.snippet = (
            highlighted_snippet(article.headline) if filters.is_searching else _excerpt(article)
        )
    partial = request.htmx and not request.htmx.boosted
    return render(
        request,
        f"{LIST_TEMPLATE}#results" if partial else LIST_TEMPLATE,
        {
            "form": form,
            "filters": filters,
            "page": page,
            # Best match ranked only the newest RANKED_MATCHES_MAX of the matches.
            "more_matches": isinstance(articles, RankedArticles) and articles.more,
            "can_upload": can_upload_articles(user=request.user),
            "can_delete": can_delete_articles(user=request.user),
        },
    )


def _upload_page(
    request: HttpRequest,
    form: ArticleTextForm,
    store: Callable[[], HttpResponse],
    context: dict[str, object],
) -> HttpResponse:
    """The upload form, and on POST the call to `store`; a refused upload shows why."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                return store()
            except DuplicateArticle as duplicate:
                return _to_existing_article(request, duplicate)
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status
    return render(request, UPLOAD_TEMPLATE, {"form": form, **context}, status=status)


def _bound(request: HttpRequest) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else ()


@require_http_methods(["GET", "POST"])
@requires(check_upload_articles)
@throttled("upload", when=is_post)
def article_upload_page(request: HttpRequest) -> HttpResponse:
    form = ArticleUploadForm(*_bound(request))

    def store() -> HttpResponse:
        article = article_upload(
            user=request.user, content=_submitted_content(form), metadata=form.metadata()
        )
        messages.success(request, f"Uploaded “{article.title}”.")
        return redirect("article-detail", article.pk)

    return _upload_page(request, form, store, {})


@require_http_methods(["GET", "POST"])
@requires(check_upload_articles)
@throttled("upload", when=is_post)
def article_revision_upload_page(request: HttpRequest, pk: int) -> HttpResponse:
    article = found_or_404(article_get, article_id=pk)
    form = ArticleTextForm(*_bound(request))

    def store() -> HttpResponse:
        revision = article_revision_create(
            user=request.user, article=article, content=_submitted_content(form)
        )
        messages.success(request, f"Revision {revision.number} is now the current text.")
        if revision_has_corrections(revision=revision):
            return redirect("article-corrections", article.pk, revision.number)
        return redirect("article-detail", article.pk)

    return _upload_page(request, form, store, {"article": article})


article_revision_create_page = require_POST(article_revision_upload_page)


@require_POST
@requires(check_upload_articles)
def article_title_suggestion(request: HttpRequest) -> HttpResponse:
    """The upload form's title field as the pasted text would title the article (htmx, as the
    editor pastes): filled in while the editor has not typed a title of their own."""
    data = request.POST.copy()
    typed = data.get("title", "").strip()
    if not typed or typed == data.get("suggested_title", "").strip():
        form = ArticleUploadForm(data)
        form.is_valid()
        data["title"] = title_for_pasted_text(
            text=data.get("text", ""), source_format=form.pasted_format
        )
    return render(request, f"{UPLOAD_TEMPLATE}#title-field", {"form": ArticleUploadForm(data)})


@require_http_methods(["GET", "POST"])
@requires(check_delete_articles)
def article_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    article = found_or_404(article_get, article_id=pk)
    error_message, status = "", 200
    if request.method == "POST":
        try:
            deletion = article_delete(user=request.user, article=article)
        except DomainError as error:
            error_message, status = error.message, error.status
        else:
            messages.success(
                request,
                f"Deleted “{article.title}” with {deletion.claims} "
                f"claim{pluralize(deletion.claims)} ({deletion.verified_claims} verified).",
            )
            return redirect("article-list")
    return render(
        request,
        DELETE_TEMPLATE,
        {
            "article": article,
            "impact": article_deletion_impact(article=article),
            "error_message": error_message,
        },
        status=status,
    )
