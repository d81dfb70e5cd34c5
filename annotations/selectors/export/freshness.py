"""Freshness: what an export's representation depends on, read cheaply, so that an unchanged
export is answered with 304 Not Modified instead of being built again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import orjson
from django.db import connections
from django.db.models import Count, Max

from annotations.models import Article, ClaimTombstone
from annotations.selectors.export.queries import ExportFilters, verified_claims
from project.replicas import read_alias
from sources.models import Source


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
    claims = verified_claims(filters).aggregate(count=Count("pk"), newest=Max("updated_at"))
    with connections[read_alias()].cursor() as cursor:
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
