"""Reads that concern articles: the searchable list, its filter choices, deletion impact."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, Substr

from annotations.models import Article, ArticleRevision, Claim
from annotations.services.articles import SEARCH_CONFIG
from annotations.workflow import ClaimStatus
from project.errors import NotFound

EXCERPT_CHARS = 280
# Search snippets are cut from this many characters at the start of the text, so a result
# costs the same on a 2 MB article as on a typical one (a whole news story fits).
HEADLINE_WINDOW_CHARS = 20_000
# websearch_to_tsquery reads a "-" as NOT; 32 of them with nothing to negate overflow its
# operator stack ("tsquery stack too small"), a 500. A "-" before anything but a word or a
# quoted phrase negates nothing, so it is dropped.
_DANGLING_NOT = re.compile(r'-(?![\w"])')
# ts_headline wraps matches in these; the page escapes the snippet and only then turns them into
# <mark>, so nothing from the article's text can become markup. Private-use characters never
# occur in news text (and a stray one can at most produce a harmless empty highlight).
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"
# "Best match" ranks at most this many matching articles, the newest uploads among them: ranking
# reads each ranked article's search vector (about 10 kB, stored out of line), so ranking every
# match made each search cost in proportion to the number of articles (docs/performance.md,
# "Search at ten times the data"). The page says when more match; sorting by date lists them all.
RANKED_MATCHES_MAX = 200


class ArticleSort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    TITLE = "title"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return SORT_LABELS[self]


SORT_LABELS: dict[ArticleSort, str] = {
    ArticleSort.RELEVANCE: "Best match",
    ArticleSort.NEWEST: "Newest upload",
    ArticleSort.OLDEST: "Oldest upload",
    ArticleSort.TITLE: "Title (A–Z)",
    ArticleSort.PUBLISHED: "Published date (latest first)",
}

# Relevance is ordered by `_ranked`.
_ORDERINGS: dict[ArticleSort, tuple] = {
    ArticleSort.NEWEST: ("-created_at", "-id"),
    ArticleSort.OLDEST: ("created_at", "id"),
    ArticleSort.TITLE: (Lower("title"), "id"),
    ArticleSort.PUBLISHED: (F("published_on").desc(nulls_last=True), "-created_at", "-id"),
}


@dataclass(frozen=True)
class ArticleFilters:
    query: str = ""
    publisher: str = ""
    published_from: date | None = None
    published_to: date | None = None
    uploaded_by: str = ""
    sort: ArticleSort | None = None

    @property
    def is_searching(self) -> bool:
        return bool(self.query.strip())

    @property
    def effective_sort(self) -> ArticleSort:
        """Relevance is the default when searching, and meaningless otherwise."""
        if self.sort is None or (self.sort is ArticleSort.RELEVANCE and not self.is_searching):
            return ArticleSort.RELEVANCE if self.is_searching else ArticleSort.NEWEST
        return self.sort

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.is_searching
            or self.publisher
            or self.published_from
            or self.published_to
            or self.uploaded_by
        )


def _claim_count(*, status: ClaimStatus | None = None) -> Coalesce:
    # A subquery rather than a join: a GROUP BY would also have to group the headline.
    claims = Claim.objects.filter(article=OuterRef("pk"))
    if status is not None:
        claims = claims.filter(status=status.value)
    # count(*), not count(id): the count is then read from claim_article_status_idx alone (an
    # index-only scan), without visiting the claims' rows, which at ten times the data no
    # longer stay in memory (docs/performance.md, "Ten times the data").
    counted = claims.order_by().values("article").annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def search_query(text: str) -> SearchQuery:
    """The web-search syntax query PostgreSQL runs for `text` (see `_DANGLING_NOT`)."""
    return SearchQuery(_DANGLING_NOT.sub(" ", text), search_type="websearch", config=SEARCH_CONFIG)


@dataclass(frozen=True, eq=False)
class RankedArticles:
    """The articles a relevance search shows, best first, as a Paginator pages them: `ids` in
    rank order (at most RANKED_MATCHES_MAX), `more` when other, older articles match as well
    and were not ranked. A page's articles are read by their ids, with `rows`' annotations."""

    ids: tuple[int, ...]
    more: bool
    rows: QuerySet[Article]

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return self._read(self.ids[index])
        [article] = self._read((self.ids[index],))
        return article

    def __iter__(self) -> Iterator[Article]:
        return iter(self._read(self.ids))

    def _read(self, wanted: tuple[int, ...]) -> list[Article]:
        found = self.rows.order_by().in_bulk(wanted)
        # An article deleted since it was ranked is left out of its page.
        return [found[pk] for pk in wanted if pk in found]


def _annotated(articles: QuerySet[Article], *, revision: bool) -> QuerySet[Article]:
    articles = (
        articles.select_related("uploaded_by")
        .defer("search_vector")
        .annotate(
            claim_count=_claim_count(),
            verified_claim_count=_claim_count(status=ClaimStatus.VERIFIED),
            revision_number=F("current_revision__number"),
            excerpt=Substr("current_revision__text", 1, EXCERPT_CHARS),
        )
    )
    if revision:
        articles = articles.select_related("current_revision").defer(
            "current_revision__text", "current_revision__blocks"
        )
    return articles


def _filtered(filters: ArticleFilters) -> QuerySet[Article]:
    articles = Article.objects.all()
    if filters.publisher:
        articles = articles.filter(publisher=filters.publisher)
    if filters.published_from:
        articles = articles.filter(published_on__gte=filters.published_from)
    if filters.published_to:
        articles = articles.filter(published_on__lte=filters.published_to)
    if filters.uploaded_by:
        articles = articles.filter(uploaded_by__username=filters.uploaded_by)
    if filters.is_searching:
        articles = articles.filter(search_vector=search_query(filters.query))
    return articles


def _ranked(filters: ArticleFilters, rows: QuerySet[Article]) -> RankedArticles:
    """The newest RANKED_MATCHES_MAX matches (and whether there are more), best match first.
    One query reads them with their rank, newest first, so that PostgreSQL stops at the bound
    (ranking reads each article's search vector); they are put in rank order here, ties newest
    first as in SQL's `ORDER BY rank DESC, created_at DESC, id DESC`."""
    newest = list(
        _filtered(filters)
        .order_by("-created_at", "-id")
        .annotate(rank=SearchRank(F("search_vector"), search_query(filters.query)))
        .values_list("pk", "rank")[: RANKED_MATCHES_MAX + 1]
    )
    # sorted() is stable: equal ranks keep the newest-first order they were read in.
    ranked = sorted(newest[:RANKED_MATCHES_MAX], key=lambda match: -match[1])
    return RankedArticles(
        ids=tuple(pk for pk, _rank in ranked),
        more=len(newest) > RANKED_MATCHES_MAX,
        rows=rows,
    )


def article_list(
    *, filters: ArticleFilters, headlines: bool = True, revision: bool = False
) -> QuerySet[Article] | RankedArticles:
    """Articles matching the filters, in the chosen order, each with `claim_count`,
    `verified_claim_count`, `revision_number` and `excerpt` (the start of the current text),
    with `revision` their current revision (without its text), and when searching, unless
    `headlines` is off, `headline` (matches between HIGHLIGHT_START/STOP, from the first
    HEADLINE_WINDOW_CHARS of the text).

    Sorted by relevance (a search's default) they are a `RankedArticles`: the newest
    RANKED_MATCHES_MAX matches, best first. Any other order is a query set of every match."""
    relevance = filters.effective_sort is ArticleSort.RELEVANCE
    # Ranked articles are read by id: they match already, their search vectors stay unread.
    articles = _annotated(
        Article.objects.all() if relevance else _filtered(filters), revision=revision
    )
    if filters.is_searching and headlines:
        articles = articles.annotate(
            headline=SearchHeadline(
                Substr("current_revision__text", 1, HEADLINE_WINDOW_CHARS),
                search_query(filters.query),
                config=SEARCH_CONFIG,
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
    if relevance:
        return _ranked(filters, articles)
    return articles.order_by(*_ORDERINGS[filters.effective_sort])


def article_publishers() -> list[str]:
    """Every publisher named on an article, for the filter's choices."""
    return list(
        Article.objects.exclude(publisher="")
        .order_by("publisher")
        .values_list("publisher", flat=True)
        .distinct()
    )


def article_uploaders() -> list[User]:
    """Everyone who uploaded an article, for the filter's choices."""
    uploaded = Article.objects.filter(uploaded_by=OuterRef("pk"))
    return list(User.objects.filter(Exists(uploaded)).order_by("username"))


def article_get(*, article_id: int) -> Article:
    """One article with its current revision and uploader."""
    article = (
        Article.objects.select_related("current_revision", "uploaded_by")
        .defer("search_vector")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise NotFound(f"There is no article {article_id}.")
    return article


@dataclass(frozen=True)
class DeletionImpact:
    claims: int
    verified_claims: int
    revisions: int
    # Claims on other articles that cite this one as evidence: while there are any, the
    # article cannot be deleted (services.articles.article_delete).
    citing_claims: list[Claim]

    @property
    def is_blocked(self) -> bool:
        return bool(self.citing_claims)


def article_deletion_impact(*, article: Article) -> DeletionImpact:
    """What deleting the article would take with it, and which claims elsewhere keep it."""
    counts = Claim.objects.filter(article=article).aggregate(
        claims=Count("pk"), verified=Count("pk", filter=Q(status=ClaimStatus.VERIFIED.value))
    )
    citing = (
        Claim.objects.filter(citations__cited_revision__article=article)
        .exclude(article=article)
        .select_related("article")
        .only("id", "text", "status", "article__id", "article__title")
        .distinct()
        .order_by("article__title", "id")
    )
    return DeletionImpact(
        claims=counts["claims"],
        verified_claims=counts["verified"],
        revisions=ArticleRevision.objects.filter(article=article).count(),
        citing_claims=list(citing),
    )
