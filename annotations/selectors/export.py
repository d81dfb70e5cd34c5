"""Reads for the export of verified claims: filters, keyset pages for incremental sync, and a
streaming iterator with a bounded number of queries.

Everything here returns export rows (plain frozen dataclasses), never models: the presenters in
`annotations/presenters/` turn the rows into JSON, NDJSON, CSV, W3C JSON-LD or ClaimReview.

The feed is ordered by the time of the last change (`Claim.updated_at`, ties broken by id), and
merged with the tombstones of claims withdrawn from it (reopened or deleted) by their time. A
cursor holds a position in both sequences, so a consumer that keeps the cursor of its last page
is later sent exactly what changed after it: claims verified or changed since, and tombstones.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import heapq
import itertools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Final, NamedTuple

import orjson
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Func,
    Max,
    OuterRef,
    Q,
    QuerySet,
    TextField,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annotations.models import Article, Claim, ClaimTombstone
from annotations.workflow import ClaimStatus, Verdict
from project.errors import InvalidInput, NotFound
from project.http import is_whole_number
from sources.models import Citation, Source
from sources.vocabulary import Reliability, SourceKind, Stance

DEFAULT_PAGE_SIZE: Final = 100
MAX_PAGE_SIZE: Final = 1000
DEFAULT_CHUNK_SIZE: Final = 2000

# Export rows --------------------------------------------------------------------------------

Position = tuple[datetime, int]  # a place in the feed: the time of the change, then an id

# The rows are named tuples, not frozen dataclasses: an export builds hundreds of thousands of
# them, and a frozen dataclass takes about three times as long to construct.


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

    @property
    def position(self) -> Position:
        return (self.updated_at, self.id)

    @property
    def changed_at(self) -> datetime:
        return self.updated_at


class ExportTombstone(NamedTuple):
    """A claim withdrawn from the export: reopened for review, or deleted."""

    id: int  # the tombstone's own id: its tie-break in the feed
    claim_id: int
    reason: ClaimTombstone.Reason
    withdrawn_at: datetime

    @property
    def position(self) -> Position:
        return (self.withdrawn_at, self.id)

    @property
    def changed_at(self) -> datetime:
        return self.withdrawn_at


ExportEvent = ExportClaim | ExportTombstone


def _feed_order(event: ExportEvent) -> tuple[datetime, int, int]:
    # At the same instant a withdrawal comes first: a claim verified again is the later news.
    return (event.changed_at, 0 if isinstance(event, ExportTombstone) else 1, event.position[1])


# Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFilters:
    article: int | None = None
    tag: str | None = None  # a tag's name (any case) or id
    verdict: Verdict | None = None
    reviewer: str | None = None  # a username or user id
    updated_since: datetime | None = None


def parse_timestamp(value: str, *, field: str) -> datetime:
    """An ISO 8601 date or date-time; one without a UTC offset is read as UTC."""
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:  # well-formed but impossible, like 2025-02-30
        parsed = None
    if parsed is None:
        message = (
            f"{field}: “{value}” is not an ISO 8601 date or date-time; write it like "
            "2025-03-01T09:30:00Z or 2025-03-01 (in a URL, encode a + offset as %2B)."
        )
        raise InvalidInput(message, errors={field: [message]})
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


def _parse_int(value: str, *, field: str, what: str) -> int:
    text = value.strip()
    if not is_whole_number(text):
        message = f"{field}: “{value}” is not {what}; give a whole number."
        raise InvalidInput(message, errors={field: [message]})
    return int(text)


def _parse_verdict(value: str) -> Verdict:
    try:
        return Verdict(value.strip())
    except ValueError:
        options = ", ".join(verdict.value for verdict in Verdict)
        message = f"verdict: “{value}” is not a verdict; use one of: {options}."
        raise InvalidInput(message, errors={"verdict": [message]}) from None


def export_filters_from_params(params: Mapping[str, str]) -> ExportFilters:
    """Read the export's filters from query parameters; raise InvalidInput saying what is wrong.

    Empty parameters are ignored, as an HTML form sends them.
    """
    article = params.get("article", "").strip()
    tag = params.get("tag", "").strip()
    verdict = params.get("verdict", "").strip()
    reviewer = params.get("reviewer", "").strip()
    since = params.get("updated_since", "").strip()
    return ExportFilters(
        article=_parse_int(article, field="article", what="an article id") if article else None,
        tag=tag or None,
        verdict=_parse_verdict(verdict) if verdict else None,
        reviewer=reviewer or None,
        updated_since=parse_timestamp(since, field="updated_since") if since else None,
    )


def export_page_size_from_params(params: Mapping[str, str]) -> int:
    value = params.get("page_size", "").strip()
    if not value:
        return DEFAULT_PAGE_SIZE
    size = _parse_int(value, field="page_size", what="a page size")
    if not 1 <= size <= MAX_PAGE_SIZE:
        message = f"page_size: {size} is out of range; ask for 1 to {MAX_PAGE_SIZE} claims a page."
        raise InvalidInput(message, errors={"page_size": [message]})
    return size


def _name_or_id(value: str, *, id_field: str, name_lookup: str) -> Q:
    by_name = Q(**{name_lookup: value})
    return by_name | Q(**{id_field: int(value)}) if is_whole_number(value) else by_name


def _verified_claims(filters: ExportFilters) -> QuerySet[Claim]:
    claims = Claim.objects.filter(status=ClaimStatus.VERIFIED.value)
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.tag:
        # A subquery, not a join, so that a claim is listed once however its tags match.
        tagged = Claim.tags.through.objects.filter(
            _name_or_id(filters.tag, id_field="tag_id", name_lookup="tag__name__iexact"),
            claim_id=OuterRef("pk"),
        )
        claims = claims.filter(Exists(tagged))
    if filters.verdict is not None:
        claims = claims.filter(verdict=filters.verdict.value)
    if filters.reviewer:
        claims = claims.filter(
            _name_or_id(
                filters.reviewer, id_field="verified_by_id", name_lookup="verified_by__username"
            )
        )
    if filters.updated_since is not None:
        claims = claims.filter(updated_at__gte=filters.updated_since)
    return claims


def _tombstones(filters: ExportFilters) -> QuerySet[ClaimTombstone]:
    # Not filtered by article, tag, verdict or reviewer: a tombstone keeps only the claim's id.
    tombstones = ClaimTombstone.objects.all()
    if filters.updated_since is not None:
        tombstones = tombstones.filter(withdrawn_at__gte=filters.updated_since)
    return tombstones


# Cursors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportCursor:
    """A position in the feed: after `claim` among claims, after `tombstone` among tombstones
    (None: from the start). Opaque to consumers: URL-safe base64 of a small JSON object."""

    claim: Position | None = None
    tombstone: Position | None = None

    def encode(self) -> str:
        data = {"c": _position_json(self.claim), "t": _position_json(self.tombstone)}
        return base64.urlsafe_b64encode(orjson.dumps(data)).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> ExportCursor:
        try:
            data = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            return cls(
                claim=_position_from_json(data["c"]), tombstone=_position_from_json(data["t"])
            )
        except (binascii.Error, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            message = (
                "cursor: this is not a cursor the export issued; pass back the `cursor` or `next` "
                "of an earlier page unchanged, or leave it out to start from the beginning."
            )
            raise InvalidInput(message, errors={"cursor": [message]}) from None

    def after(self, events: Iterable[ExportEvent]) -> ExportCursor:
        """The cursor past the given events (in feed order)."""
        claim, tombstone = self.claim, self.tombstone
        for event in events:
            if isinstance(event, ExportTombstone):
                tombstone = event.position
            else:
                claim = event.position
        return ExportCursor(claim=claim, tombstone=tombstone)


def _position_json(position: Position | None) -> list[object] | None:
    return None if position is None else [position[0].isoformat(), position[1]]


def _position_from_json(value: object) -> Position | None:
    if value is None:
        return None
    moment, key = value  # type: ignore[misc]
    if not isinstance(moment, str) or not isinstance(key, int) or isinstance(key, bool):
        raise ValueError("malformed position")
    parsed = datetime.fromisoformat(moment)
    if not timezone.is_aware(parsed):
        raise ValueError("naive time in cursor")
    return (parsed, key)


def _after(position: Position | None, *, time_field: str) -> Q:
    if position is None:
        return Q()
    moment, key = position
    # The first term alone narrows the (time, id) index scan; the rest breaks ties.
    return Q(**{f"{time_field}__gte": moment}) & (
        Q(**{f"{time_field}__gt": moment}) | Q(id__gt=key)
    )


def _starting_cursor(filters: ExportFilters) -> ExportCursor:
    """Where a first page starts: every verified claim, but no old tombstones.

    A consumer starting afresh holds nothing that was withdrawn before now, so its sync starts
    after the newest tombstone. With `updated_since` it asks for the changes after that moment,
    withdrawals included, and the filter itself sets the start.
    """
    if filters.updated_since is not None:
        return ExportCursor()
    newest = ClaimTombstone.objects.order_by("-withdrawn_at", "-id").values_list(
        "withdrawn_at", "id"
    )
    return ExportCursor(tombstone=newest.first())


# Building rows ------------------------------------------------------------------------------

_CLAIM_FIELDS: Final = (
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


_CLAIM_TIMES: Final = ("created_at", "updated_at", "verified_at")


class _UtcIsoText(Func):
    """A time as ISO 8601 text in UTC (to the microsecond), whatever the session's settings.

    The export reads its times this way and parses them with `datetime.fromisoformat`: Django's
    loader for timestamptz runs in Python and cost more than everything else in a claim's row.
    """

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    output_field = TextField()


def _rows(claims: QuerySet[Claim]) -> QuerySet:
    """Named tuples of `_CLAIM_FIELDS` and the times as text (`<name>_utc`), in the order of
    `claims`.

    Only these columns are joined in (never a revision's whole text). Tags and citations come
    from a query each per chunk of claims: tags gathered in the row, by a subquery per claim,
    took longer than the rest of the row.
    """
    times = {f"{name}_utc": _UtcIsoText(name) for name in _CLAIM_TIMES}
    return claims.annotate(**times).values_list(*_CLAIM_FIELDS, *times, named=True)


def _claim_rows(filters: ExportFilters) -> QuerySet:
    """The verified claims matching `filters` as `_rows`, in feed order."""
    return _rows(_verified_claims(filters).order_by("updated_at", "id"))


def _parse_utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# Vocabulary members by stored value: a dict lookup, where calling the enum costs ten times more.
_VERDICTS: Final = {verdict.value: verdict for verdict in Verdict}
_STANCES: Final = {stance.value: stance for stance in Stance}


def _claim_id_in(table: str, ids: list[int]) -> RawSQL:
    """`claim_id = ANY(ids)` with the ids as one array parameter: an IN list of thousands costs
    Django and psycopg more to build than PostgreSQL to run."""
    return RawSQL(f'"{table}"."claim_id" = ANY(%s)', (ids,), output_field=BooleanField())


@dataclass
class _Interned:
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
            full_name = f"{first_name} {last_name}".strip()
            person = self.people[key] = ExportPerson(
                username=str(username), display_name=full_name or str(username)
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


def _citations_by_claim(ids: list[int], interned: _Interned) -> dict[int, list[ExportCitation]]:
    citations: dict[int, list[ExportCitation]] = defaultdict(list)
    rows = (
        Citation.objects.filter(_claim_id_in(Citation._meta.db_table, ids))
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


def _tags_by_claim(ids: list[int]) -> dict[int, list[str]]:
    tags: dict[int, list[str]] = defaultdict(list)
    links = Claim.tags.through
    rows = (
        links.objects.filter(_claim_id_in(links._meta.db_table, ids))
        .order_by("claim_id", "tag__name")
        .values_list("claim_id", "tag__name")
    )
    for claim_id, name in rows:
        tags[claim_id].append(name)
    return tags


def _claims_with_evidence(
    rows: list[tuple], interned: _Interned | None = None
) -> list[ExportClaim]:
    """Export rows for a chunk of `_claim_rows`: two more queries, whatever the chunk's size."""
    interned = interned or _Interned()
    ids = [row.id for row in rows]
    citations = _citations_by_claim(ids, interned)
    tags = _tags_by_claim(ids)
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
            created_at=_parse_utc(row.created_at_utc),
            updated_at=_parse_utc(row.updated_at_utc),
            verified_at=_parse_utc(row.verified_at_utc),
            note=row.note,
            slug=row.slug,
            canonical=row.canonical,
            via=row.via,
            version=row.version,
        )
        for row in rows
    ]


def claims_as_rows(claims: QuerySet[Claim]) -> list[ExportClaim]:
    """Claims in any state, in the order of `claims`, as the rows every export format reads:
    three queries however many claims."""
    return _claims_with_evidence(list(_rows(claims)))


def _tombstone(row: tuple[int, int, str, datetime]) -> ExportTombstone:
    tombstone_id, claim_id, reason, withdrawn_at = row
    return ExportTombstone(
        id=tombstone_id,
        claim_id=claim_id,
        reason=ClaimTombstone.Reason(reason),
        withdrawn_at=withdrawn_at,
    )


def _tombstone_rows(tombstones: QuerySet[ClaimTombstone]) -> QuerySet:
    return tombstones.order_by("withdrawn_at", "id").values_list(
        "id", "claim_id", "reason", "withdrawn_at"
    )


# The reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportPage:
    claims: list[ExportClaim]
    tombstones: list[ExportTombstone]
    start: ExportCursor  # where this page began
    cursor: ExportCursor  # past this page: pass it back for the next one, or later for changes
    has_more: bool


def export_claims_page(
    *, filters: ExportFilters, cursor: ExportCursor | None, page_size: int
) -> ExportPage:
    """The next `page_size` changes after `cursor`: verified claims and tombstones merged by time.

    Both lists of a page cover the same stretch of time, so applying a page's tombstones and
    then its claims (or everything in time order) leaves a consumer's copy exact. Five queries
    at most, whatever the page size.
    """
    start = cursor if cursor is not None else _starting_cursor(filters)
    claim_rows = list(
        _claim_rows(filters).filter(_after(start.claim, time_field="updated_at"))[: page_size + 1]
    )
    tombstones = [
        _tombstone(row)
        for row in _tombstone_rows(
            _tombstones(filters).filter(_after(start.tombstone, time_field="withdrawn_at"))
        )[: page_size + 1]
    ]
    # The page's time order needs only the claims' rows; their evidence is fetched after.
    merged = heapq.merge(
        [(_feed_order(tombstone), tombstone) for tombstone in tombstones],
        [((_parse_utc(row.updated_at_utc), 1, row.id), row) for row in claim_rows],
        key=operator.itemgetter(0),
    )
    taken = list(itertools.islice(merged, page_size + 1))
    has_more = len(taken) > page_size
    taken = taken[:page_size]
    page_tombstones = [item for _, item in taken if isinstance(item, ExportTombstone)]
    page_claims = _claims_with_evidence(
        [item for _, item in taken if not isinstance(item, ExportTombstone)]
    )
    return ExportPage(
        claims=page_claims,
        tombstones=page_tombstones,
        start=start,
        cursor=start.after([*page_tombstones, *page_claims]),
        has_more=has_more,
    )


def export_claims_iter(
    *, filters: ExportFilters, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[ExportEvent]:
    """Every matching verified claim, in feed order, read through server-side cursors.

    Memory stays constant and the queries number two per `chunk_size` claims (their citations
    and tags) plus two or three. With `updated_since` the tombstones since then are merged in by
    time; a whole export has none (a consumer starting afresh has nothing to delete).

    The reads run in one transaction (a consistent snapshot; PostgreSQL keeps a server-side
    cursor open only inside one), which closes when the iterator is exhausted or closed.
    """
    with transaction.atomic():
        _plan_for_streaming()
        rows = _claim_rows(filters).iterator(chunk_size=chunk_size)
        claims = _chunked_claims(rows, chunk_size)
        if filters.updated_since is None:
            with closing(claims):
                yield from claims
            return
        tombstone_rows = _tombstone_rows(_tombstones(filters)).iterator(chunk_size=chunk_size)
        with closing(claims), closing(tombstone_rows):
            tombstones = map(_tombstone, tombstone_rows)
            yield from heapq.merge(tombstones, claims, key=_feed_order)


def _plan_for_streaming() -> None:
    """No JIT compilation and no parallel workers for the rest of the export's transaction.

    The stream reads in index order, a chunk at a time, while this process turns the rows into
    JSON: compiling the queries and starting workers cost more than they saved (measured by
    `make bench` on 2 cores: the whole export took 15% longer with them).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('jit', 'off', true),"
            " set_config('max_parallel_workers_per_gather', '0', true)"
        )


def _chunked_claims(rows: Iterator[tuple], chunk_size: int) -> Iterator[ExportClaim]:
    interned = _Interned()
    with closing(rows):
        while chunk := list(itertools.islice(rows, chunk_size)):
            yield from _claims_with_evidence(chunk, interned)


def export_claim(*, claim_id: int) -> ExportClaim:
    """One verified claim as an export row; NotFound for any other claim."""
    rows = list(_claim_rows(ExportFilters()).filter(pk=claim_id))
    if not rows:
        raise NotFound(f"There is no verified claim {claim_id}.")
    return _claims_with_evidence(rows)[0]


# Freshness ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportState:
    """What an export's representation depends on, cheaply: an ETag is derived from it."""

    count: int
    newest_change: datetime | None
    newest_tombstone: datetime | None
    newest_article_change: datetime | None
    newest_source_change: datetime | None

    def etag(self, *variant: object) -> str:
        """A weak ETag for this state and the request's variant (format, filters, cursor…)."""
        material = orjson.dumps([repr(self), [repr(part) for part in variant]])
        return f'W/"{hashlib.sha256(material).hexdigest()[:32]}"'


def export_state(*, filters: ExportFilters) -> ExportState:
    """Count and newest changes for `filters`: two queries.

    Articles and sources count too: a renamed source or article changes what the export shows.
    """
    claims = _verified_claims(filters).aggregate(count=Count("pk"), newest=Max("updated_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(withdrawn_at) FROM {ClaimTombstone._meta.db_table}),"
            f" (SELECT max(updated_at) FROM {Article._meta.db_table}),"
            f" (SELECT max(updated_at) FROM {Source._meta.db_table})"
        )
        newest_tombstone, newest_article, newest_source = cursor.fetchone()
    return ExportState(
        count=claims["count"],
        newest_change=claims["newest"],
        newest_tombstone=newest_tombstone,
        newest_article_change=newest_article,
        newest_source_change=newest_source,
    )
