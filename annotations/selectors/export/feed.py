"""The incremental feed: what a consumer that keeps its cursor is sent, ordered by commit.

**The guarantee.** A consumer that follows the cursor ends with exactly the full export, claims
and tombstones, whatever runs concurrently. Why it holds:

1. Every change to what a verified claim's record shows writes a row to the change log
   (`ExportChange`), by database triggers, in the transaction that makes the change, stamped with
   that transaction's id (`txid`).
2. The feed reads log rows in (txid, id) order, and only those whose txid is below the oldest
   transaction still running (`pg_snapshot_xmin(pg_current_snapshot())`). Every transaction
   below that horizon has committed or rolled back, and a transaction that writes later gets a
   larger id, so no row can ever appear below a position the feed has passed: a cursor never
   skips a change, however late the change commits. (A transaction stamped early but committed
   late only holds the horizon back until it ends.)
3. A row is presented as its claim's state *when the page is read* (a later snapshot than the
   commit of every transaction below the horizon): the claim if it is verified and matches the
   filters, else a tombstone. A claim's last row is read after its last change committed, so the
   last thing a consumer receives about a claim is its final state.
4. A first sync walks the verified claims by id while holding the log position of its start
   (the horizon then): a change committed before the walk read a claim is in the walk, one
   committed after has a log row past that position.

Filters apply to tombstones where they still can: each row keeps the claim's article, verdict,
reviewer and tags from just before the change, and a withdrawal reaches a filtered consumer when
those matched its filters. A claim that stops matching (a tag removed) is withdrawn from it too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Max, Min, Q, QuerySet

from annotations.models import Claim, ExportChange, Tag
from annotations.selectors.export.cursor import ExportCursor, LogPosition
from annotations.selectors.export.queries import (
    DEFAULT_CHUNK_SIZE,
    ExportFilters,
    claim_rows,
    export_claims_iter,
    name_or_id,
    verified_claims,
)
from annotations.selectors.export.rows import (
    ExportClaim,
    ExportEvent,
    ExportTombstone,
    Interned,
    WithdrawalReason,
    claims_with_evidence,
)
from annotations.workflow import ClaimStatus
from project.replicas import read_alias


class Horizon(NamedTuple):
    """Log rows below `xmin` are final; the reading transaction also sees its own (`own`)."""

    xmin: int
    own: int | None


def horizon() -> Horizon:
    """Read where the log rows are read (the replica, when the request allows it): a horizon
    from the primary could pass rows the replica has not replayed yet. On a standby the snapshot
    counts every transaction id it has not seen end as running, so the horizon is as safe."""
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
            " pg_current_xact_id_if_assigned()::text::bigint"
        )
        return Horizon(*cursor.fetchone())


def _visible(limit: Horizon) -> Q:
    below = Q(txid__lt=limit.xmin)
    return below | Q(txid=limit.own) if limit.own is not None else below


def _after(position: LogPosition) -> Q:
    txid, row = position
    # The first term alone narrows the (txid, id) index scan; the rest breaks ties.
    return Q(txid__gte=txid) & (Q(txid__gt=txid) | Q(id__gt=row))


def _matched_before(filters: ExportFilters) -> Q:
    """Log rows whose claim, just before the change, was exported and matched the filters."""
    matched = Q(was_exported=True)
    if filters.article is not None:
        matched &= Q(article_id=filters.article)
    if filters.verdict is not None:
        matched &= Q(verdict=filters.verdict.value)
    if filters.reviewer:
        users = get_user_model().objects.filter(
            name_or_id(filters.reviewer, id_field="pk", name_lookup="username")
        )
        matched &= Q(reviewer_id__in=list(users.values_list("pk", flat=True)))
    if filters.tag:
        tags = Tag.objects.filter(
            name_or_id(filters.tag, id_field="pk", name_lookup="name__iexact")
        )
        matched &= Q(tag_ids__overlap=list(tags.values_list("pk", flat=True)))
    return matched


def _current(filters: ExportFilters) -> ExportFilters:
    """The filters on a claim's present state (`updated_since` selects log rows instead)."""
    return dataclasses.replace(filters, updated_since=None)


def _log_rows(filters: ExportFilters, position: LogPosition, limit: Horizon) -> QuerySet:
    """The log rows after `position` that concern a consumer with these filters, in order."""
    concerned = _matched_before(filters) | Q(
        claim_id__in=verified_claims(_current(filters)).values("pk")
    )
    rows = ExportChange.objects.filter(_after(position), _visible(limit), concerned)
    if filters.updated_since is not None:
        rows = rows.filter(changed_at__gte=filters.updated_since)
    return rows.order_by("txid", "id")


def starting_cursor(filters: ExportFilters) -> ExportCursor:
    """Where a first sync starts: a walk of every verified claim, holding the log's horizon.

    With `updated_since` there is no walk: the consumer asks for the changes since then, from
    the first log row written at or after that moment.
    """
    limit = horizon()
    if filters.updated_since is None:
        return ExportCursor(walk=0, log=_walk_start(limit))
    first = ExportChange.objects.filter(changed_at__gte=filters.updated_since).aggregate(
        txid=Min("txid")
    )["txid"]
    return ExportCursor(walk=None, log=(first if first is not None else limit.xmin, 0))


def _walk_start(limit: Horizon) -> LogPosition:
    """The log position a walk starting now holds: the horizon. A reader that has written in
    its own transaction, and is the oldest one running, has seen its own rows so far: the walk
    shows their effects, so it holds the position after them."""
    if limit.own is not None and limit.own == limit.xmin:
        newest = ExportChange.objects.filter(txid=limit.own).aggregate(row=Max("id"))["row"]
        return (limit.own, newest or 0)
    return (limit.xmin, 0)


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
    """The next page of the feed after `cursor` (from the start when None).

    A page names each claim once, as it is now: apply its tombstones, then its claims. At most
    eight queries, whatever the page size (two more to resolve a tag or reviewer filter).
    """
    start = cursor if cursor is not None else starting_cursor(filters)
    if start.log is None:  # a collection's cursor: nothing to follow
        return ExportPage([], [], start, start, has_more=False)
    if start.walk is not None:
        return _walk_page(filters, start, page_size)
    return _log_page(filters, start, page_size, horizon())


def _walk_page(filters: ExportFilters, start: ExportCursor, page_size: int) -> ExportPage:
    rows = list(claim_rows(filters, order=("id",)).filter(id__gt=start.walk)[: page_size + 1])
    walked_all = len(rows) <= page_size
    rows = rows[:page_size]
    end = ExportCursor(walk=None if walked_all else rows[-1].id, log=start.log)
    has_more = not walked_all or _log_rows(filters, end.log, horizon()).exists()
    return ExportPage(claims_with_evidence(rows), [], start, end, has_more)


def _log_page(
    filters: ExportFilters, start: ExportCursor, page_size: int, limit: Horizon
) -> ExportPage:
    rows = list(_log_rows(filters, start.log, limit).values_list(*_LOG_ROW)[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    if not rows:
        return ExportPage([], [], start, start, has_more=False)
    claims, tombstones = _present(filters, _last_per_claim(rows))
    end = ExportCursor(walk=None, log=(rows[-1][1], rows[-1][0]))
    return ExportPage(claims, tombstones, start, end, has_more)


LogRow = tuple[int, int, int, datetime]  # id, txid, claim_id, changed_at
_LOG_ROW = ("id", "txid", "claim_id", "changed_at")


def _last_per_claim(rows: list[LogRow]) -> list[LogRow]:
    """Each claim once, where its last row puts it."""
    last: dict[int, LogRow] = {}
    for row in rows:
        last.pop(row[2], None)
        last[row[2]] = row
    return list(last.values())


def _present(
    filters: ExportFilters, rows: list[LogRow], interned: Interned | None = None
) -> tuple[list[ExportClaim], list[ExportTombstone]]:
    """The claims of these log rows as they are now: rows for those exported, tombstones for
    the others."""
    ids = [claim_id for _, _, claim_id, _ in rows]
    found = {row.id: row for row in claim_rows(_current(filters), order=("id",)).filter(id__in=ids)}
    claims = claims_with_evidence(
        [found[claim_id] for claim_id in ids if claim_id in found], interned
    )
    gone = [claim_id for claim_id in ids if claim_id not in found]
    statuses = dict(Claim.objects.filter(pk__in=gone).values_list("pk", "status")) if gone else {}
    tombstones = [
        ExportTombstone(
            id=row_id,
            claim_id=claim_id,
            reason=_reason(statuses.get(claim_id)),
            withdrawn_at=changed_at,
        )
        for row_id, _, claim_id, changed_at in rows
        if claim_id not in found
    ]
    return claims, tombstones


def _reason(status: str | None) -> WithdrawalReason:
    if status is None:
        return WithdrawalReason.DELETED
    if status == ClaimStatus.VERIFIED.value:
        return WithdrawalReason.NO_LONGER_MATCHING
    return WithdrawalReason.REOPENED


def export_changes_iter(*, filters: ExportFilters, chunk_size: int) -> Iterator[ExportEvent]:
    """The changes since `filters.updated_since`, streamed a page of the log at a time: each
    chunk's tombstones, then its claims (the order a consumer applies them)."""
    position = starting_cursor(filters).log
    interned = Interned()
    while True:
        limit = horizon()
        rows = list(_log_rows(filters, position, limit).values_list(*_LOG_ROW)[:chunk_size])
        if not rows:
            return
        claims, tombstones = _present(filters, _last_per_claim(rows), interned)
        yield from tombstones
        yield from claims
        position = (rows[-1][1], rows[-1][0])


# Collections: the verified claims as one ordered set, paged by id -----------------------------


@dataclass(frozen=True)
class CollectionPage:
    """A page of the collection of matching verified claims (JSON-LD, ClaimReview), in id order.

    `after` is the claim id the page starts after (0 for the first page); `prev_after` and
    `last_after` are the same for the previous and the last page.
    """

    claims: list[ExportClaim]
    after: int
    start_index: int
    next_after: int | None
    prev_after: int | None
    last_after: int


def export_collection_page(
    *, filters: ExportFilters, after: int, page_size: int, total: int
) -> CollectionPage:
    """At most six queries: the page, its evidence, and where it, the previous and the last
    page start (by index scans over the matching claims' ids)."""
    rows = list(claim_rows(filters, order=("id",)).filter(id__gt=after)[: page_size + 1])
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    ids = verified_claims(filters).order_by("-id").values_list("pk", flat=True)
    start_index, prev_after = 0, None
    if after:
        start_index = verified_claims(filters).filter(pk__lte=after).count()
        prev_after = ids.filter(pk__lte=after)[page_size : page_size + 1].first() or 0
    last_after = 0
    if total > page_size:
        last_size = total - page_size * ((total - 1) // page_size)
        last_after = ids[last_size : last_size + 1].first() or 0
    return CollectionPage(
        claims=claims_with_evidence(rows),
        after=after,
        start_index=start_index,
        next_after=rows[-1].id if has_more else None,
        prev_after=prev_after,
        last_after=last_after,
    )


def export_stream(*, filters: ExportFilters) -> Iterator[ExportEvent]:
    """A whole export as one stream: every matching verified claim, or with `updated_since`
    the changes since then (claims and tombstones, in the feed's order)."""
    if filters.updated_since is None:
        return export_claims_iter(filters=filters)
    return export_changes_iter(filters=filters, chunk_size=DEFAULT_CHUNK_SIZE)
