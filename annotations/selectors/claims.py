"""Reads on claims: an article's claims, the claim list, tag suggestions, and the reading view
(the article's text cut into blocks and highlight segments, ready for the template)."""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

from django.db import connections, router
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from annotations import anchoring
from annotations.alignment import Outcome
from annotations.models import Article, ArticleRevision, Claim, Tag
from annotations.selectors.corrections import with_anchor
from annotations.workflow import ClaimStatus
from project.errors import NotFound
from project.memo import MemoKey
from project.sql import int_array
from sources.selectors.evidence import EvidenceSummary, summary_of, tally_of_claims

DEEPEST_SHOWN_NESTING: Final = 3
"""Highlights covered by more claims than this look the same as this many."""

TAG_SUGGESTIONS_LIMIT: Final = 12


class ReadingClaim(NamedTuple):
    """A claim as the reading page shows it, and no more: where it is, its status, its text,
    the names of its tags, sorted, and its evidence summary. The rest (quotes, notes, people,
    times) stays in the table."""

    pk: int
    start: int
    end: int
    status: str
    text: str
    tag_names: tuple[str, ...]
    evidence: EvidenceSummary


def _claims_with_counts() -> QuerySet[Claim]:
    return (
        Claim.objects.annotate(citation_count=Count("citations", distinct=True))
        .prefetch_related("tags")
        .select_related("created_by")
    )


def claims_for_article(
    *, article: Article, revision: ArticleRevision | None = None
) -> list[ReadingClaim]:
    """The claims on `revision` (the article's current one by default), in document order, as
    `ReadingClaim` rows with the names of their tags and their evidence: two queries however
    many claims.

    Plain rows rather than `Claim` instances, and tag names read by claim id rather than `Tag`
    objects prefetched into each claim: for an article with a thousand claims, building the
    model instances took longer than the query that reads them (issue 8).
    """
    revision_id = revision.pk if revision is not None else article.current_revision_id
    return _reading_claims(_CLAIMS_ON_REVISION + _IN_READING_ORDER, (article.pk, revision_id))


def claims_overlapping(*, revision: ArticleRevision, span: anchoring.Span) -> list[ReadingClaim]:
    """The claims on `revision` that share at least one character with `span`, as
    `claims_for_article` gives them: two queries, reading only those claims (the article and
    span index finds them), however many the revision carries."""
    return _reading_claims(
        _CLAIMS_ON_REVISION + _OVERLAPPING + _IN_READING_ORDER,
        (revision.article_id, revision.pk, span.end, span.start),
    )


# The reading page's claims and their tags in SQL rather than through the ORM: for the
# thousand claims of a heavily annotated article, Django's writing the two queries and its
# work on each row they read cost about twice what reading the rows with a cursor does. Each
# claim's evidence comes with it from its tally, which triggers keep (`EvidenceTally`): adding
# up a thousand claims' citations was the page's most expensive query (issue 18).
_TALLY_COLUMNS, _TALLY_JOIN = tally_of_claims("claim")
_CLAIMS_ON_REVISION: Final = (
    f'SELECT claim.id, claim.start, claim."end", claim.status, claim.text, {_TALLY_COLUMNS}'
    f' FROM "{Claim._meta.db_table}" AS claim{_TALLY_JOIN}'
    " WHERE claim.article_id = %s AND claim.revision_id = %s"
)
_OVERLAPPING: Final = ' AND claim.start < %s AND claim."end" > %s'
_IN_READING_ORDER: Final = ' ORDER BY claim.start, claim."end", claim.id'
_TAG_NAMES: Final = (
    f'SELECT link.claim_id, tag.name FROM "{Claim.tags.through._meta.db_table}" AS link'
    f' JOIN "{Tag._meta.db_table}" AS tag ON tag.id = link.tag_id'
    " WHERE link.claim_id = ANY(%s::bigint[]) ORDER BY link.claim_id, tag.name"
)


def _reading_claims(sql: str, params: tuple[int, ...]) -> list[ReadingClaim]:
    """Two queries: the claims with their evidence, then their tag names by id (a subquery per
    claim for its tags cost PostgreSQL more than the claims themselves on an article with a
    thousand)."""
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    tags = tag_names_by_claim([row[0] for row in rows])
    return [
        ReadingClaim(*row[:5], tuple(tags.get(row[0], ())), summary_of(row[0], row[5:]))
        for row in rows
    ]


def tag_names_by_claim(ids: list[int]) -> dict[int, list[str]]:
    """The names of each claim's tags, sorted, for the claims named that have any: one query."""
    if not ids:
        return {}
    names: dict[int, list[str]] = defaultdict(list)
    with connections[router.db_for_read(Tag)].cursor() as cursor:
        cursor.execute(_TAG_NAMES, (int_array(ids),))
        for claim_id, name in cursor.fetchall():
            names[claim_id].append(name)
    return dict(names)


def claim_get(*, pk: int, claims: QuerySet[Claim] | None = None) -> Claim:
    """One claim, or NotFound: with everything its page shows, or loaded as `claims` says (a
    page or endpoint that shows less, or other relations)."""
    if claims is None:
        claims = (
            with_anchor(_claims_with_counts())
            .select_related("article", "article__current_revision", "revision", "verified_by")
            .prefetch_related("contributors")
        )
    claim = claims.filter(pk=pk).first()
    if claim is None:
        raise NotFound(f"There is no claim {pk}.")
    return claim


@dataclass(frozen=True)
class ClaimFilters:
    article: int | None = None
    status: ClaimStatus | None = None
    tag: str | None = None
    creator: str | None = None  # a username
    anchor: Outcome | None = None


def claim_list(filters: ClaimFilters) -> QuerySet[Claim]:
    """Claims matching every given filter, newest first; constant queries per page."""
    claims = with_anchor(_claims_with_counts().select_related("revision"))
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.status is not None:
        claims = claims.filter(status=filters.status.value)
    if filters.tag:
        # A subquery, not a join: a join would multiply the citation count.
        tagged = Claim.tags.through.objects.filter(
            claim_id=OuterRef("pk"), tag__name__iexact=filters.tag.strip()
        )
        claims = claims.filter(Exists(tagged))
    if filters.creator:
        claims = claims.filter(created_by__username=filters.creator)
    if filters.anchor is not None:
        claims = claims.filter(anchor_status=filters.anchor.value)
    return claims.order_by("-created_at", "-id")


def controlled_tags() -> list[Tag]:
    return list(Tag.objects.filter(is_controlled=True).order_by(Lower("name")))


def tag_suggestions(prefix: str, *, limit: int = TAG_SUGGESTIONS_LIMIT) -> list[Tag]:
    """Tags whose name contains `prefix`: the controlled list first, then names starting with
    it, then the most used."""
    prefix = " ".join(prefix.split())
    tags = Tag.objects.annotate(
        use_count=Count("claims"),
        starts_with=Q(name__istartswith=prefix),
    )
    if prefix:
        tags = tags.filter(name__icontains=prefix)
    return list(
        tags.order_by("-is_controlled", "-starts_with", "-use_count", Lower("name"))[:limit]
    )


# The reading view ---------------------------------------------------------------------------


class ReadingSegment(NamedTuple):
    """A stretch of a block covered by the same claims (none for plain text). A named tuple,
    like `anchoring.Segment`: a frozen dataclass cost two and a half times as much to build,
    a thousand times a page."""

    start: int
    text: str
    claim_ids: tuple[int, ...]
    status: str
    """The status of the innermost claim covering it, which gives the highlight its look."""

    @property
    def claims_attribute(self) -> str:
        return " ".join(map(str, self.claim_ids))

    @property
    def depth(self) -> int:
        return min(len(self.claim_ids), DEEPEST_SHOWN_NESTING)

    @property
    def css_class(self) -> str:
        return f"hl hl--{self.status} hl--depth-{self.depth}"


@dataclass(frozen=True)
class ReadingBlock:
    kind: str
    level: int
    start: int
    end: int
    segments: list[ReadingSegment]

    @property
    def tag(self) -> str:
        """The HTML element: the page title is the h1, so headings start at h2 and stop at h4."""
        if self.kind != "heading":
            return "p"
        return f"h{min(max(self.level, 1) + 1, 4)}"


@dataclass(frozen=True)
class ArticleReadingView:
    article: Article
    revision: ArticleRevision | None
    claims: list[ReadingClaim]
    latest_revision_number: int

    @property
    def is_current(self) -> bool:
        return self.revision is not None and self.revision.pk == self.article.current_revision_id

    @property
    def has_newer_revision(self) -> bool:
        return self.revision is not None and self.latest_revision_number > self.revision.number

    @functools.cached_property
    def blocks(self) -> list[ReadingBlock]:
        """The text cut into blocks of highlight segments, when the page is written afresh
        rather than remembered (see `rendering_key`)."""
        if self.revision is None:
            return []
        return reading_blocks(self.revision, self.claims)

    @functools.cached_property
    def rendering_key(self) -> MemoKey:
        """Everything the reader's markup is made of: the revision (its text and blocks, which
        never change once stored) and each claim as the page shows it. Equal keys write equal
        markup, so the markup can be remembered by this key and never be out of date."""
        revision = (self.revision.pk, self.revision.content_hash) if self.revision else None
        return MemoKey(revision, tuple(self.claims))


def article_reading_view(
    *, article: Article, revision: ArticleRevision | None = None
) -> ArticleReadingView:
    """The article's text (current revision by default) with its claims and their evidence;
    the text is cut into blocks of highlight segments when first asked for (`blocks`).

    Three queries: the claims with their evidence, their tags, and the latest revision number.
    """
    revision = revision or article.current_revision
    latest = article.revisions.aggregate(latest=Max("number"))["latest"] or 0
    if revision is None:
        return ArticleReadingView(article, None, [], latest)
    claims = claims_for_article(article=article, revision=revision)
    return ArticleReadingView(
        article=article, revision=revision, claims=claims, latest_revision_number=latest
    )


def reading_blocks(
    revision: ArticleRevision,
    claims: Sequence[ReadingClaim],
    *,
    within: anchoring.Span | None = None,
) -> list[ReadingBlock]:
    """Cut each block into segments so that every character shows every claim covering it;
    with `within`, only the blocks that share a character with that span (`claims` must then
    hold every claim on those blocks: see `blocks_extent`)."""
    text = revision.text
    pks = [claim.pk for claim in claims]
    statuses = [claim.status for claim in claims]
    # The innermost claim of a segment starts last and, of those, ends first (of claims on the
    # same span, the first marked): ranked once here, then compared as numbers per segment.
    ranks = [0] * len(claims)
    ordered = sorted(range(len(claims)), key=lambda i: (claims[i].start, -claims[i].end, -pks[i]))
    for rank, index in enumerate(ordered):
        ranks[index] = rank
    # One sweep over the claims' edges and the blocks' together, a segment written as each
    # stretch between two edges is reached: no list of the whole text's pieces to clip to each
    # block afterwards (issue 18). `active` holds the covering claims' indices in input order.
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        if not 0 <= claim.start < claim.end <= len(text):
            raise ValueError(
                f"the span of claim {claim.pk} ({claim.start}–{claim.end}) is empty, reversed "
                f"or outside the text (0–{len(text)})"
            )
        starting[claim.start].append(index)
        ending[claim.end].append(index)
    shown = [
        block
        for block in _blocks_of(revision)
        if within is None or (block["start"] < within.end and within.start < block["end"])
    ]
    edges = sorted({*starting, *ending, *(b["start"] for b in shown), *(b["end"] for b in shown)})
    cut = [[] for _ in shown]  # each shown block's segments
    active: list[int] = []
    pk_at, rank_at = pks.__getitem__, ranks.__getitem__
    current = 0  # the first shown block that does not end before the stretch
    for position, following in itertools.pairwise(edges):
        for index in ending.get(position, ()):
            del active[bisect.bisect_left(active, index)]
        for index in starting.get(position, ()):
            bisect.insort(active, index)
        while current < len(shown) and shown[current]["end"] <= position:
            current += 1
        if current == len(shown) or position < shown[current]["start"]:
            continue  # between blocks, or in a block not shown
        if active:
            keys = tuple(map(pk_at, active))
            status = statuses[max(active, key=rank_at)]
        else:
            keys, status = (), ""
        # Positional: a named tuple builds faster so, a thousand times a page.
        cut[current].append(ReadingSegment(position, text[position:following], keys, status))
    return [
        ReadingBlock(b["kind"], int(b.get("level") or 0), b["start"], b["end"], segments)
        for b, segments in zip(shown, cut, strict=True)
    ]


def blocks_extent(revision: ArticleRevision, span: anchoring.Span) -> anchoring.Span:
    """From the start of the first block `span` touches to the end of the last: the stretch of
    text whose highlights a claim on `span` changes."""
    touched = [
        block
        for block in _blocks_of(revision)
        if block["start"] < span.end and span.start < block["end"]
    ]
    if not touched:
        return span
    return anchoring.Span(touched[0]["start"], touched[-1]["end"])


def claim_following(*, claim: Claim) -> int | None:
    """The id of the claim after `claim` in reading order (start, end, id) on its revision, or
    None when it is the last: one query, an index scan that stops at the first row."""
    later = (
        Q(start__gt=claim.start)
        | Q(start=claim.start, end__gt=claim.end)
        | Q(start=claim.start, end=claim.end, pk__gt=claim.pk)
    )
    return (
        Claim.objects.filter(article_id=claim.article_id, revision_id=claim.revision_id)
        .filter(later)
        .order_by("start", "end", "id")
        .values_list("pk", flat=True)
        .first()
    )


def claim_count_on_revision(*, revision: ArticleRevision) -> int:
    return Claim.objects.filter(article_id=revision.article_id, revision=revision).count()


def _blocks_of(revision: ArticleRevision) -> list[dict]:
    blocks = [b for b in revision.blocks or () if 0 <= b["start"] < b["end"] <= len(revision.text)]
    if not blocks:
        return [{"kind": "paragraph", "start": 0, "end": len(revision.text), "level": 0}]
    return sorted(blocks, key=lambda b: b["start"])
