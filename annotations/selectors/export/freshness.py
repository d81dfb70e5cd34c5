"""Freshness: what an export's representation depends on, read cheaply, so that an unchanged
export is answered with 304 Not Modified instead of being built again.

Every change to what the export shows writes a change-log row (see `feed.py`), so the state of
the log stands for the state of the export. Rows below the horizon never change again: the
newest of them names that part exactly. Above it, the few rows of transactions still running
or just committed are listed by id. Any committed change alters one or the other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import orjson
from django.db import connections

from annotations.models import ExportChange
from annotations.selectors.export.queries import ExportFilters, verified_claims
from project.replicas import read_alias


@dataclass(frozen=True)
class ExportState:
    count: int  # matching verified claims
    settled: int | None  # the newest transaction id among the log rows below the horizon
    pending: tuple[int, ...]  # the ids of the log rows above it

    def etag(self, *variant: object) -> str:
        """A weak ETag for this state and the request's variant (format, filters, cursor…)."""
        material = orjson.dumps([repr(self), [repr(part) for part in variant]])
        return f'W/"{hashlib.sha256(material).hexdigest()[:32]}"'


def export_state(*, filters: ExportFilters) -> ExportState:
    """Two queries, each over an index: the count of matching claims, and the log's state."""
    count = verified_claims(filters).count()
    table = ExportChange._meta.db_table
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(
            "WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin)"
            f" SELECT (SELECT max(txid) FROM {table}, horizon WHERE txid < horizon.xmin),"
            f" ARRAY(SELECT id FROM {table}, horizon WHERE txid >= horizon.xmin ORDER BY id)"
        )
        settled, pending = cursor.fetchone()
    return ExportState(count=count, settled=settled, pending=tuple(pending))
