"""The export's reads: which claims and tombstones match the filters, keyset pages for the
incremental sync, and a streaming iterator with a bounded number of queries.

The feed is ordered by the time of the last change (`Claim.updated_at`, ties broken by id), and
merged with the tombstones of claims withdrawn from it (reopened or deleted) by their time. A
cursor holds a position in both sequences, so a consumer that keeps the cursor of its last page
is later sent exactly what changed after it: claims verified or changed since, and tombstones.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.db import connections, transaction
from django.db.models import Exists, Func, OuterRef, Q, QuerySet, TextField

from annotations.models import Claim, ClaimTombstone
from annotations.selectors.export.cursor import ExportCursor
from annotations.selectors.export.rows import (
    CLAIM_FIELDS,
    CLAIM_TIMES,
    ExportClaim,
    ExportEvent,
    ExportTombstone,
    Interned,
    Position,
    claims_with_evidence,
    parse_utc,
)
from annotations.workflow import ClaimStatus, Verdict
from project.errors import NotFound
from project.http import is_whole_number
from project.replicas import read_alias

DEFAULT_PAGE_SIZE: Final = 100
MAX_PAGE_SIZE: Final = 1000
DEFAULT_CHUNK_SIZE: Final = 2000


@dataclass(frozen=True)
class ExportFilters:
    article: int | None = None
    tag: str | None = None  # a tag's name (any case) or id
    verdict: Verdict | None = None
    reviewer: str | None = None  # a username or user id
    updated_since: datetime | None = None


def _feed_order(event: ExportEvent) -> tuple[datetime, int, int]:
    # At the same instant a withdrawal comes first: a claim verified again is the later news.
    return (event.changed_at, 0 if isinstance(event, ExportTombstone) else 1, event.position[1])


def _name_or_id(value: str, *, id_field: str, name_lookup: str) -> Q:
    by_name = Q(**{name_lookup: value})
    return by_name | Q(**{id_field: int(value)}) if is_whole_number(value) else by_name


def verified_claims(filters: ExportFilters) -> QuerySet[Claim]:
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


class UtcIsoText(Func):
    """A time as ISO 8601 text in UTC (to the microsecond), whatever the session's settings.

    The export reads its times this way and parses them with `datetime.fromisoformat`: Django's
    loader for timestamptz runs in Python and cost more than everything else in a claim's row.
    """

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    output_field = TextField()


def rows_of(claims: QuerySet[Claim]) -> QuerySet:
    """Named tuples of `CLAIM_FIELDS` and the times as text (`<name>_utc`), in the order of
    `claims`.

    Only these columns are joined in (never a revision's whole text). Tags and citations come
    from a query each per chunk of claims: tags gathered in the row, by a subquery per claim,
    took longer than the rest of the row.
    """
    times = {f"{name}_utc": UtcIsoText(name) for name in CLAIM_TIMES}
    return claims.annotate(**times).values_list(*CLAIM_FIELDS, *times, named=True)


def claim_rows(filters: ExportFilters) -> QuerySet:
    """The verified claims matching `filters` as `rows_of`, in feed order."""
    return rows_of(verified_claims(filters).order_by("updated_at", "id"))


def claims_as_rows(claims: QuerySet[Claim]) -> list[ExportClaim]:
    """Claims in any state, in the order of `claims`, as the rows every export format reads:
    three queries however many claims (the annotation containers read them so)."""
    # W3C annotations do not show same-claim links: no query for them.
    return claims_with_evidence(list(rows_of(claims)), with_same_as=False)


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
    rows = list(
        claim_rows(filters).filter(_after(start.claim, time_field="updated_at"))[: page_size + 1]
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
        [((parse_utc(row.updated_at_utc), 1, row.id), row) for row in rows],
        key=operator.itemgetter(0),
    )
    taken = list(itertools.islice(merged, page_size + 1))
    has_more = len(taken) > page_size
    taken = taken[:page_size]
    page_tombstones = [item for _, item in taken if isinstance(item, ExportTombstone)]
    page_claims = claims_with_evidence(
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
    # On the read replica when the request allows it: the ORM's router and this transaction must
    # agree, or the server-side cursors would run outside the snapshot.
    alias = read_alias()
    with transaction.atomic(using=alias):
        _plan_for_streaming(alias)
        rows = claim_rows(filters).iterator(chunk_size=chunk_size)
        claims = _chunked_claims(rows, chunk_size)
        if filters.updated_since is None:
            with closing(claims):
                yield from claims
            return
        tombstone_rows = _tombstone_rows(_tombstones(filters)).iterator(chunk_size=chunk_size)
        with closing(claims), closing(tombstone_rows):
            tombstones = map(_tombstone, tombstone_rows)
            yield from heapq.merge(tombstones, claims, key=_feed_order)


def _plan_for_streaming(alias: str) -> None:
    """No JIT compilation and no parallel workers for the rest of the export's transaction.

    The stream reads in index order, a chunk at a time, while this process turns the rows into
    JSON: compiling the queries and starting workers cost more than they saved (measured by
    `make bench` on 2 cores: the whole export took 15% longer with them).
    """
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('jit', 'off', true),"
            " set_config('max_parallel_workers_per_gather', '0', true)"
        )


def _chunked_claims(rows: Iterator[tuple], chunk_size: int) -> Iterator[ExportClaim]:
    interned = Interned()
    with closing(rows):
        while chunk := list(itertools.islice(rows, chunk_size)):
            yield from claims_with_evidence(chunk, interned)


def export_claim(*, claim_id: int) -> ExportClaim:
    """One verified claim as an export row; NotFound for any other claim."""
    rows = list(claim_rows(ExportFilters()).filter(pk=claim_id))
    if not rows:
        raise NotFound(f"There is no verified claim {claim_id}.")
    return claims_with_evidence(rows)[0]
