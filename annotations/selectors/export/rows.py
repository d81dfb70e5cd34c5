"""The export's rows: what a presenter receives for a claim, and how a chunk of claims' values
becomes rows with their evidence (two more queries per chunk, whatever its size).

The rows are named tuples, not frozen dataclasses: an export builds hundreds of thousands of
them, and a frozen dataclass takes about three times as long to construct.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Final, NamedTuple

from annotations.models import ClaimLink
from annotations.people import display_name_of
from annotations.selectors.claims import tag_names_by_claim
from annotations.workflow import ClaimStatus, Verdict
from project.sql import any_of
from sources.models import Citation
from sources.vocabulary import Reliability, SourceKind, Stance


class ExportPerson(NamedTuple):
    username: str
    display_name: str


class ExportArticle(NamedTuple):
    id: int
    title: str
    url: str
    publisher: str
    author: str
    published_on: date | None
    revision_number: int


class ExportSource(NamedTuple):
    name: str
    domain: str
    kind: SourceKind
    reliability: Reliability


class ExportCitedSpan(NamedTuple):
    """The span of another Corroborate article that a citation points at."""

    article_id: int
    article_title: str
    start: int
    end: int
    exact: str


class ExportCitation(NamedTuple):
    id: int
    stance: Stance
    url: str
    title: str
    quote: str
    location: str
    accessed_on: date | None
    archive_url: str
    source: ExportSource | None
    cited_span: ExportCitedSpan | None


class ExportClaim(NamedTuple):
    """A claim with everything any export format shows.

    The export reads verified claims only; the annotation containers (`/annotations/`) read
    claims in every state through the same rows, and there a claim not verified has no
    verdict, reviewer or verification time.
    """

    id: int
    text: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    article: ExportArticle
    tags: tuple[str, ...]
    verdict: Verdict | None
    verdict_note: str
    citations: tuple[ExportCitation, ...]
    creator: ExportPerson
    reviewer: ExportPerson | None
    created_at: datetime
    updated_at: datetime
    verified_at: datetime | None
    note: str = ""  # the editor's working note
    slug: str = ""  # the annotation's name in its IRI, when a client chose one
    canonical: str = ""
    via: str = ""
    version: int = 1
    same_as: tuple[int, ...] = ()
    """Verified claims of other articles linked to it as the same claim ("Seen before")."""


class WithdrawalReason(StrEnum):
    REOPENED = "reopened"  # back in review (or further along the workflow since)
    DELETED = "deleted"
    # Still verified, but no longer what the consumer's filters ask for (a tag removed, say).
    NO_LONGER_MATCHING = "no_longer_matching"


class ExportTombstone(NamedTuple):
    """A claim withdrawn from the export since the consumer's last call."""

    id: int  # the change log row that announced it
    claim_id: int
    reason: WithdrawalReason
    withdrawn_at: datetime


ExportEvent = ExportClaim | ExportTombstone


# From the database's values to rows -----------------------------------------------------------

# The claim's own columns, read by `queries.claim_rows` (times come as UTC text beside them).
CLAIM_FIELDS: Final = (
    "id",
    "text",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "verdict",
    "verdict_note",
    "note",
    "slug",
    "canonical",
    "via",
    "version",
    "article_id",
    "article__title",
    "article__url",
    "article__publisher",
    "article__author",
    "article__published_on",
    "revision__number",
    "created_by__username",
    "created_by__first_name",
    "created_by__last_name",
    "verified_by__username",
    "verified_by__first_name",
    "verified_by__last_name",
)
CLAIM_TIMES: Final = ("created_at", "updated_at", "verified_at")

_CITATION_FIELDS: Final = (
    "id",
    "claim_id",
    "stance",
    "url",
    "title",
    "quote",
    "location",
    "accessed_on",
    "archive_url",
    "source_id",
    "source__name",
    "source__domain",
    "source__kind",
    "source__reliability",
    "cited_revision__article_id",
    "cited_revision__article__title",
    "cited_start",
    "cited_end",
    "cited_exact",
)

# Vocabulary members by stored value: a dict lookup, where calling the enum costs ten times more.
_VERDICTS: Final = {verdict.value: verdict for verdict in Verdict}
_STANCES: Final = {stance.value: stance for stance in Stance}


def parse_utc(text: str | None) -> datetime | None:
    """A time read as UTC text (see `queries.UtcIsoText`)."""
    return None if text is None else datetime.fromisoformat(text)


@dataclass
class Interned:
    """The articles, people and sources of one read, each built once: thousands of claims share
    them (and the presenters then see the same object each time)."""

    articles: dict[tuple[int, int], ExportArticle] = field(default_factory=dict)
    people: dict[tuple[str, str, str], ExportPerson] = field(default_factory=dict)
    sources: dict[int, ExportSource] = field(default_factory=dict)

    def article(self, row: tuple) -> ExportArticle:
        key = (row.article_id, row.revision__number)
        article = self.articles.get(key)
        if article is None:
            article = self.articles[key] = ExportArticle(
                id=row.article_id,
                title=row.article__title,
                url=row.article__url,
                publisher=row.article__publisher,
                author=row.article__author,
                published_on=row.article__published_on,
                revision_number=row.revision__number,
            )
        return article

    def person(self, username: str, first_name: str, last_name: str) -> ExportPerson:
        key = (username, first_name, last_name)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = ExportPerson(
                username=str(username),
                display_name=display_name_of(
                    username=str(username), first_name=first_name, last_name=last_name
                ),
            )
        return person

    def source(
        self, source_id: int, name: str, domain: str, kind: str, reliability: str
    ) -> ExportSource:
        source = self.sources.get(source_id)
        if source is None:
            source = self.sources[source_id] = ExportSource(
                name=name,
                domain=domain,
                kind=SourceKind(kind),
                reliability=Reliability(reliability),
            )
        return source


def _citations_by_claim(ids: list[int], interned: Interned) -> dict[int, list[ExportCitation]]:
    citations: dict[int, list[ExportCitation]] = defaultdict(list)
    rows = (
        Citation.objects.filter(any_of(Citation, "claim", ids))
        .order_by("claim_id", "created_at", "id")
        .values_list(*_CITATION_FIELDS)
    )
    for (
        citation_id,
        claim_id,
        stance,
        url,
        title,
        quote,
        location,
        accessed_on,
        archive_url,
        source_id,
        source_name,
        source_domain,
        source_kind,
        source_reliability,
        cited_article_id,
        cited_article_title,
        cited_start,
        cited_end,
        cited_exact,
    ) in rows:
        source = None
        if source_id is not None:
            source = interned.source(
                source_id, source_name, source_domain, source_kind, source_reliability
            )
        cited_span = None
        if cited_article_id is not None:
            cited_span = ExportCitedSpan(
                article_id=cited_article_id,
                article_title=cited_article_title,
                start=cited_start,
                end=cited_end,
                exact=cited_exact,
            )
        citations[claim_id].append(
            ExportCitation(
                id=citation_id,
                stance=_STANCES[stance],
                url=url,
                title=title,
                quote=quote,
                location=location,
                accessed_on=accessed_on,
                archive_url=archive_url,
                source=source,
                cited_span=cited_span,
            )
        )
    return citations


def _same_as_by_claim(ids: list[int]) -> dict[int, list[int]]:
    """The verified claims linked to each claim as the same claim, whichever side linked."""
    verified = ClaimStatus.VERIFIED.value
    made = ClaimLink.objects.filter(
        any_of(ClaimLink, "claim", ids),
        same_as__status=verified,
    ).values_list("claim_id", "same_as_id")
    received = ClaimLink.objects.filter(
        any_of(ClaimLink, "same_as", ids),
        claim__status=verified,
    ).values_list("same_as_id", "claim_id")
    same_as: dict[int, list[int]] = defaultdict(list)
    for claim_id, other_id in sorted(made.union(received, all=True)):
        same_as[claim_id].append(other_id)
    return same_as


def claims_with_evidence(
    rows: list[tuple], interned: Interned | None = None, *, with_same_as: bool = True
) -> list[ExportClaim]:
    """Export rows for a chunk of `queries.claim_rows`: three more queries (citations, tags
    and, unless a format leaves them out, same-claim links), whatever its size."""
    interned = interned or Interned()
    ids = [row.id for row in rows]
    citations = _citations_by_claim(ids, interned)
    tags = tag_names_by_claim(ids)
    same_as = _same_as_by_claim(ids) if with_same_as else {}
    no_evidence = ()
    return [
        ExportClaim(
            id=row.id,
            text=row.text,
            exact=row.exact,
            prefix=row.prefix,
            suffix=row.suffix,
            start=row.start,
            end=row.end,
            article=interned.article(row),
            tags=tuple(tags.get(row.id, no_evidence)),
            verdict=_VERDICTS.get(row.verdict),
            verdict_note=row.verdict_note,
            citations=tuple(citations.get(row.id, no_evidence)),
            creator=interned.person(
                row.created_by__username, row.created_by__first_name, row.created_by__last_name
            ),
            reviewer=None
            if row.verified_by__username is None
            else interned.person(
                row.verified_by__username,
                row.verified_by__first_name,
                row.verified_by__last_name,
            ),
            created_at=parse_utc(row.created_at_utc),
            updated_at=parse_utc(row.updated_at_utc),
            verified_at=parse_utc(row.verified_at_utc),
            note=row.note,
            slug=row.slug,
            canonical=row.canonical,
            via=row.via,
            version=row.version,
            same_as=tuple(same_as.get(row.id, no_evidence)),
        )
        for row in rows
    ]
