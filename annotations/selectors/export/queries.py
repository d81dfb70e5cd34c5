"""The export's claim reads: which verified claims match the filters, their rows in one query,
the streamed whole export with a bounded number of queries, and a single claim.

The incremental feed (the change log, tombstones, pages) is in `feed.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from django.db import connections, transaction
from django.db.models import Exists, Func, OuterRef, Q, QuerySet, TextField

from annotations.models import Claim
from annotations.selectors.export.rows import (
    CLAIM_FIELDS,
    CLAIM_TIMES,
    ExportClaim,
    ExportEvent,
    Interned,
    claims_with_evidence,
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


def name_or_id(value: str, *, id_field: str, name_lookup: str) -> Q:
    by_name = Q(**{name_lookup: value})
    return by_name | Q(**{id_field: int(value)}) if is_whole_number(value) else by_name


def verified_claims(filters: ExportFilters) -> QuerySet[Claim]:
    claims = Claim.objects.filter(status=ClaimStatus.VERIFIED.value)
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.tag:
        # A subquery, not a join, so that a claim is listed once however its tags match.
        tagged = Claim.tags.through.objects.filter(
            name_or_id(filters.tag, id_field="tag_id", name_lookup="tag__name__iexact"),
            claim_id=OuterRef("pk"),
        )
        claims = claims.filter(Exists(tagged))
    if filters.verdict is not None:
        claims = claims.filter(verdict=filters.verdict.value)
    if filters.reviewer:
        claims = claims.filter(
            name_or_id(
                filters.reviewer, id_field="verified_by_id", name_lookup="verified_by__username"
            )
        )
    if filters.updated_since is not None:
        claims = claims.filter(updated_at__gte=filters.updated_since)
    return claims


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


def claim_rows(
    filters: ExportFilters, *, order: tuple[str, ...] = ("updated_at", "id")
) -> QuerySet:
    """The verified claims matching `filters` as `rows_of`, in `order` (by default, the order
    they last changed)."""
    return rows_of(verified_claims(filters).order_by(*order))


def claims_as_rows(claims: QuerySet[Claim]) -> list[ExportClaim]:
    """Claims in any state, in the order of `claims`, as the rows every export format reads:
    three queries however many claims (the annotation containers read them so)."""
    # W3C annotations do not show same-claim links: no query for them.
    return claims_with_evidence(list(rows_of(claims)), with_same_as=False)


def export_claims_iter(
    *, filters: ExportFilters, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[ExportEvent]:
    """Every matching verified claim, in the order they last changed, read through
    server-side cursors. (With `updated_since`, the stream is the change feed: `feed.py`.)

    Memory stays constant and the queries number two per `chunk_size` claims (their citations
    and tags) plus two. A whole export has no tombstones: a consumer starting afresh has nothing
    to delete.

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
        with closing(claims):
            yield from claims


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
