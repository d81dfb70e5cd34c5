"""The whole NDJSON export from kept lines: each verified claim's line is rendered once per
version of its record and kept (`ExportLine`), until the claim, or anything it embeds, changes.

**Why a kept line is never stale.** Every change to what a claim's record shows writes a row to
the export log (`feed.py`), and a trigger on the log sets the claim's version (`ExportVersion`)
to that row's id in the same transaction. A line is kept under the version it was read with
and served only to a reader that sees the same version. A snapshot that sees a version sees
every change up to it and none after, so the claim it reads there is the one the line was
rendered from. (A line is rendered from a claim read a moment after its version, in the same
transaction: when a change commits in between, the line is kept under the older version, which
no later reader sees, and no earlier reader sees the line, written after the change.) Lines
also carry the rendering's key: the presenters' code and the site's links, and their claim's
place in the export's order (its `updated_at`), by which the export reads them in that order
beside the claims (`_line_rows`); a line is served only where both its version and its place
are its claim's.

A read replica serves the lines the primary wrote (they replicate) and renders the others each
time: it cannot write.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Final

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.utils import CursorWrapper

from annotations.models import ExportLine, ExportVersion
from annotations.selectors.export.queries import (
    DEFAULT_CHUNK_SIZE,
    ExportFilters,
    plan_for_streaming,
    rows_of,
    verified_claims,
)
from annotations.selectors.export.rows import ExportClaim, Interned, claims_with_evidence
from project.replicas import PRIMARY, read_alias

# What a line is made of besides the claim's record: a new deployment of any of these renders
# every line afresh.
RENDERING_MODULES: Final = (
    "annotations.anchoring",
    "annotations.people",
    "annotations.presenters.base",
    "annotations.presenters.json",
    "annotations.selectors.export.rows",
    "annotations.workflow",
)

Render = Callable[[ExportClaim], bytes]


@cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in RENDERING_MODULES:
        digest.update(Path(import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:24]


def line_key(*links: str) -> str:
    """The key of lines rendered by this code with these links (one of each kind the line
    holds, for a sample id: they change with the site's address and the URL configuration):
    the code's fingerprint, then the links'."""
    return f"{_code_fingerprint()}:{hashlib.sha256(chr(10).join(links).encode()).hexdigest()[:24]}"


def _line_rows(filters: ExportFilters, key: str) -> tuple[str, list[object]]:
    """The query of (claim id, version, kept line or None) of the matching verified claims, in
    the order they last changed (the whole export's order), and its parameters.

    Three ordered reads side by side, never a claim's row: the claims' order from the index of
    verified claims by (updated_at, id) alone, each claim's version from its own small index,
    and the lines from their index in the same order (`export_line_order_idx`), merged on
    (time, claim). Looked up one claim at a time instead, a line cost a read of the claim's
    row and of the lines' index wherever they fell: at ten times the data, where neither fits
    in PostgreSQL's memory, a read from disk per claim (docs/performance.md).
    """
    claims, params = (
        verified_claims(filters).order_by().values("id", "updated_at").query.sql_with_params()
    )
    return (
        f"SELECT claim.id, version.change_id, line.line FROM ({claims}) claim"
        f" LEFT JOIN {ExportVersion._meta.db_table} version ON version.claim_id = claim.id"
        f" LEFT JOIN {ExportLine._meta.db_table} line ON line.key = %s"
        " AND line.claim_updated_at = claim.updated_at AND line.claim_id = claim.id"
        " AND line.change_id = version.change_id"
        " ORDER BY claim.updated_at, claim.id"
    ), [*params, key]


def export_lines(
    *, filters: ExportFilters, key: str, render: Render, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[bytes]:
    """Every matching verified claim's line, in the order they last changed, through a
    server-side cursor in one transaction (as `queries.export_claims_iter`).

    A chunk whose lines are all kept costs no query but the cursor's fetch; one with claims to
    render reads them with their evidence (four queries) and keeps their lines in place of
    those earlier code kept (two more).
    """
    alias = read_alias()
    keeps = alias == PRIMARY
    with transaction.atomic(using=alias):
        plan_for_streaming(alias)
        interned = Interned()
        with _streaming_cursor(connections[alias]) as rows:
            rows.execute(*_line_rows(filters, key))
            while chunk := rows.fetchmany(chunk_size):
                yield from _chunk_lines(chunk, key, render, interned, keeps=keeps)


def _streaming_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A server-side cursor, as the ORM's `.iterator()` takes, unless the settings turn them off
    (docs/deploying.md says why they should not)."""
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        return connection.cursor()
    return connection.chunked_cursor()


def _chunk_lines(
    chunk: list[tuple[int, int | None, str | None]],
    key: str,
    render: Render,
    interned: Interned,
    *,
    keeps: bool,
) -> list[bytes]:
    missing = [claim_id for claim_id, _, kept in chunk if kept is None]
    lines: dict[int, bytes] = {}
    places: dict[int, datetime] = {}  # each rendered claim's `updated_at`, not the whole claim
    if missing:
        # Still verified: one withdrawn since the cursor read it is left out, as it is gone.
        claims = verified_claims(ExportFilters()).filter(pk__in=missing)
        for claim in claims_with_evidence(list(rows_of(claims)), interned):
            lines[claim.id] = render(claim)
            places[claim.id] = claim.updated_at
        if keeps:
            _keep(
                [
                    (claim_id, version, places[claim_id], lines[claim_id])
                    for claim_id, version, kept in chunk
                    if kept is None and version is not None and claim_id in lines
                ],
                key,
            )
    return [
        kept.encode() if kept is not None else lines[claim_id]
        for claim_id, _, kept in chunk
        if kept is not None or claim_id in lines
    ]


def _keep(lines: list[tuple[int, int, datetime, bytes]], key: str) -> None:
    """Keep the lines, each under the version its claim was read with and the time of the
    claim it was rendered from (its place in the export's order: the two disagree only when the
    claim changed in between, and then the version is one no later reader sees), and drop these
    claims' lines rendered by other code (an earlier deployment's, which no reader of this one
    asks for)."""
    if not lines:
        return
    claim_ids, versions, times, texts = zip(*lines, strict=True)
    table = ExportLine._meta.db_table
    with _server_binding_cursor(connections[PRIMARY]) as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE claim_id = ANY(%s) AND key NOT LIKE %s",
            [list(claim_ids), f"{_code_fingerprint()}:%"],
        )
        # The lines go as one binary parameter that PostgreSQL splits on the newline that ends
        # each (an NDJSON line's only one; the last is left out by a view, not a copy, and not
        # by rtrim(), which cost more than the insert on a long text). Bound on the client, as
        # Django binds, a chunk's 5 MB of lines were decoded, sliced, encoded, escaped and
        # written into the query, five copies at once: the worker grew by 60 MB in an export
        # that rendered every line. (Quoted as an array of strings, they cost four times the
        # rendering.) A line kept before lines had a place in the order (0017) gets one.
        cursor.execute(
            f"INSERT INTO {table} AS kept (claim_id, change_id, claim_updated_at, key, line)"
            " SELECT claim_id, change_id, claim_updated_at, %s, line || E'\\n' FROM unnest("
            "%s::bigint[], %s::bigint[], %s::timestamptz[],"
            " string_to_array(convert_from(%b, 'UTF8'), E'\\n'))"
            " AS new(claim_id, change_id, claim_updated_at, line)"
            " ON CONFLICT ON CONSTRAINT export_line_once DO UPDATE"
            " SET claim_updated_at = excluded.claim_updated_at, line = excluded.line"
            " WHERE kept.claim_updated_at IS NULL",
            [key, list(claim_ids), list(versions), list(times), memoryview(b"".join(texts))[:-1]],
        )


def _server_binding_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor of `connection` (in its transaction, its queries counted and logged like any
    other) that sends parameters apart from the query, as the server binds them: a large text
    goes as it is. Never prepared: the connection's `prepare_threshold` stays None (PgBouncer)."""
    connection.ensure_connection()
    cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
