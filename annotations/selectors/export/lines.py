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
also carry the rendering's key: the presenters' code and the site's links.

A read replica serves the lines the primary wrote (they replicate) and renders the others each
time: it cannot write.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Final

from django.db import connections, transaction
from django.db.models import OuterRef, QuerySet, Subquery

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


def _line_rows(filters: ExportFilters, key: str) -> QuerySet:
    """(claim id, version, kept line or None) of the matching verified claims, in the order
    they last changed (the whole export's order)."""
    version = ExportVersion.objects.filter(claim_id=OuterRef("pk")).values("change_id")
    kept = ExportLine.objects.filter(
        claim_id=OuterRef("pk"), change_id=OuterRef("record_version"), key=key
    ).values("line")
    claims = verified_claims(filters).order_by("updated_at", "id")
    return (
        claims.annotate(record_version=Subquery(version))
        .annotate(kept=Subquery(kept))
        .values_list("id", "record_version", "kept")
    )


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
        rows = _line_rows(filters, key).iterator(chunk_size=chunk_size)
        interned = Interned()
        with closing(rows):
            while chunk := list(itertools.islice(rows, chunk_size)):
                yield from _chunk_lines(chunk, key, render, interned, keeps=keeps)


def _chunk_lines(
    chunk: list[tuple[int, int | None, str | None]],
    key: str,
    render: Render,
    interned: Interned,
    *,
    keeps: bool,
) -> list[bytes]:
    missing = [claim_id for claim_id, _, kept in chunk if kept is None]
    rendered: dict[int, bytes] = {}
    if missing:
        # Still verified: one withdrawn since the cursor read it is left out, as it is gone.
        claims = verified_claims(ExportFilters()).filter(pk__in=missing)
        rendered = {
            claim.id: render(claim)
            for claim in claims_with_evidence(list(rows_of(claims)), interned)
        }
        if keeps:
            _keep(
                [
                    (claim_id, version, rendered[claim_id])
                    for claim_id, version, kept in chunk
                    if kept is None and version is not None and claim_id in rendered
                ],
                key,
            )
    return [
        kept.encode() if kept is not None else rendered[claim_id]
        for claim_id, _, kept in chunk
        if kept is not None or claim_id in rendered
    ]


def _keep(lines: list[tuple[int, int, bytes]], key: str) -> None:
    """Keep the lines, and drop these claims' lines rendered by other code (an earlier
    deployment's, which no reader of this one asks for)."""
    if not lines:
        return
    claim_ids, versions, texts = zip(*lines, strict=True)
    table = ExportLine._meta.db_table
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE claim_id = ANY(%s) AND key NOT LIKE %s",
            [list(claim_ids), f"{_code_fingerprint()}:%"],
        )
        # The lines go as one text that PostgreSQL splits: quoting an array of a thousand long
        # strings cost the client (element by element, in Python) four times what rendering
        # them did; one string is quoted by libpq. An NDJSON line's only newline is its last
        # character.
        cursor.execute(
            f"INSERT INTO {table} (claim_id, change_id, key, line)"
            " SELECT claim_id, change_id, %s, line || E'\\n' FROM unnest(%s::bigint[],"
            " %s::bigint[], string_to_array(%s, E'\\n')) AS kept(claim_id, change_id, line)"
            " ON CONFLICT DO NOTHING",
            [key, list(claim_ids), list(versions), b"".join(texts).decode()[:-1]],
        )
