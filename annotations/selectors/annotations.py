"""Reads for the annotation containers (`annotations/protocol/`): which claims a container
holds, a page of them as export rows, one annotation by the last segment of its IRI, and the
article an incoming annotation's target names."""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

from django.db.models import Q, QuerySet
from django.urls import Resolver404, resolve

from annotations.models import Article, Claim, ExportChange, RetiredAnnotationName
from annotations.models.claim import ANNOTATION_SLUG_MAX_LENGTH
from annotations.selectors.export.queries import claims_as_rows
from annotations.selectors.export.rows import ExportClaim
from annotations.workflow import ClaimStatus
from project.errors import Gone, InvalidInput, NotFound
from project.http import is_whole_number

# The routes whose URL names an article, as a target's `source` may give it.
ARTICLE_ROUTES: Final = frozenset({"article-detail", "api-article-detail"})
_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _contained(*, verified_only: bool) -> QuerySet[Claim]:
    """A container's claims in its order: by id, so that pages never shift as claims change."""
    claims = Claim.objects.all()
    if verified_only:
        claims = claims.filter(status=ClaimStatus.VERIFIED.value)
    return claims.order_by("id")


def annotation_count(*, verified_only: bool) -> int:
    return _contained(verified_only=verified_only).count()


def annotation_rows(*, verified_only: bool, offset: int, limit: int) -> list[ExportClaim]:
    """A page of the container's claims as export rows: three queries."""
    return claims_as_rows(_contained(verified_only=verified_only)[offset : offset + limit])


def annotation_names(*, verified_only: bool, offset: int, limit: int) -> list[tuple[int, str]]:
    """A page of the container's claims as (id, slug): what their IRIs are made of."""
    claims = _contained(verified_only=verified_only)[offset : offset + limit]
    return list(claims.values_list("id", "slug"))


def _named(segment: str) -> Q:
    if is_whole_number(segment):
        return Q(pk=int(segment))
    if len(segment) <= ANNOTATION_SLUG_MAX_LENGTH and _SLUG.fullmatch(segment):
        return Q(slug=segment)
    raise NotFound(f"There is no annotation {segment[:40]!r}.")


def _missing(segment: str) -> NotFound | Gone:
    """404, or 410 for an annotation known to have been deleted: its name is retired, or its
    claim, once verified, is in the export's change log (and is gone)."""
    if is_whole_number(segment):
        deleted = ExportChange.objects.filter(claim_id=int(segment)).exists()
    else:
        deleted = RetiredAnnotationName.objects.filter(slug=segment).exists()
    if deleted:
        return Gone(f"The annotation {segment!r} was deleted.")
    return NotFound(f"There is no annotation {segment!r}.")


def annotation_row(*, segment: str) -> ExportClaim:
    """The claim whose IRI ends in `segment` (its id, or the slug it was created with)."""
    rows = claims_as_rows(Claim.objects.filter(_named(segment)))
    if not rows:
        raise _missing(segment)
    return rows[0]


def annotation_claim(*, segment: str) -> Claim:
    """The claim whose IRI ends in `segment`, to change it."""
    claim = Claim.objects.select_related("article").filter(_named(segment)).first()
    if claim is None:
        raise _missing(segment)
    return claim


def _target_error(message: str) -> InvalidInput:
    return InvalidInput(f"target: {message}", errors={"target": [message]})


def article_for_target(*, source: str, host: str, current_article_id: int | None = None) -> Article:
    """The article an annotation's target `source` names: its page or API URL on this site
    (`host`), or the original URL of exactly one article. An original URL that several
    articles share still names `current_article_id` (the article of the claim being replaced)
    when it is one of them."""
    try:
        parts = urlsplit(source)
    except ValueError:
        raise _target_error(f"{source[:80]!r} is not a URL") from None
    if parts.netloc == host or (not parts.netloc and source.startswith("/")):
        try:
            match = resolve(parts.path)
        except Resolver404:
            match = None
        if match is None or match.url_name not in ARTICLE_ROUTES:
            raise _target_error(
                f"{source[:200]} is not an article of Corroborate: give an article's page "
                "(/articles/<id>/) or API URL (/api/v1/articles/<id>/)"
            )
        article = Article.objects.select_related("current_revision").filter(pk=match.kwargs["pk"])
        found = article.first()
        if found is None:
            raise _target_error(f"there is no article {match.kwargs['pk']}")
        return found
    articles = list(
        Article.objects.select_related("current_revision").filter(url=source).order_by("id")
    )
    if len(articles) == 1:
        return articles[0]
    chosen = [article for article in articles if article.pk == current_article_id]
    if chosen:
        return chosen[0]
    if not articles:
        raise _target_error(
            f"{source[:200]} is not an article of Corroborate: give an article's page or API "
            "URL, or the original URL of an article uploaded with one"
        )
    raise _target_error(
        f"{len(articles)} articles have the original URL {source[:200]}; name the one you "
        "mean by its page URL (/articles/<id>/)"
    )
