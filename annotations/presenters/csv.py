"""CSV: one row per verified claim, its citations flattened to counts per stance and a list of
URLs; a withdrawn claim is a row whose `record` is `withdrawn` (only `claim_id`, `updated_at` —
the time it was withdrawn — and `withdrawn_reason` filled in).

Lists inside a cell (tags, citation URLs) are joined with "; ". A text cell that a spreadsheet
would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading ' so it
is shown as text.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Final

from annotations.presenters.base import Site, buffered, timestamp
from annotations.selectors.export.rows import (
    ExportCitation,
    ExportClaim,
    ExportEvent,
    ExportTombstone,
)
from sources.vocabulary import Stance

LIST_SEPARATOR: Final = "; "
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

COLUMNS: Final[tuple[str, ...]] = (
    "record",
    "claim_id",
    "updated_at",
    "claim",
    "quote",
    "quote_prefix",
    "quote_suffix",
    "start",
    "end",
    "article_id",
    "article_title",
    "article_url",
    "article_publisher",
    "article_published_on",
    "tags",
    "verdict",
    "verdict_label",
    "rating_value",
    "verdict_note",
    "reviewer",
    "reviewer_name",
    "verified_at",
    *(f"citations_{stance.value}" for stance in Stance),
    "citation_urls",
    "permalink",
    "withdrawn_reason",
)

Cell = str | int | None


def safe_cell(value: Cell) -> Cell:
    """The cell as written: text that a spreadsheet would run as a formula is quoted with '."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return f"'{value}"
    return value


def _citation_url(citation: ExportCitation, site: Site) -> str:
    span = citation.cited_span
    return site.article_url(span.article_id) if span is not None else citation.url


def event_row(event: ExportEvent, site: Site) -> dict[str, Cell]:
    if isinstance(event, ExportTombstone):
        return tombstone_row(event)
    return claim_row(event, site)


def claim_row(claim: ExportClaim, site: Site) -> dict[str, Cell]:
    article = claim.article
    stances = Counter(citation.stance for citation in claim.citations)
    return {
        "record": "claim",
        "claim_id": claim.id,
        "updated_at": timestamp(claim.updated_at),
        "claim": claim.text,
        "quote": claim.exact,
        "quote_prefix": claim.prefix,
        "quote_suffix": claim.suffix,
        "start": claim.start,
        "end": claim.end,
        "article_id": article.id,
        "article_title": article.title,
        "article_url": article.url,
        "article_publisher": article.publisher,
        "article_published_on": article.published_on.isoformat() if article.published_on else "",
        "tags": LIST_SEPARATOR.join(claim.tags),
        "verdict": claim.verdict.value,
        "verdict_label": claim.verdict.label,
        "rating_value": claim.verdict.rating_value,
        "verdict_note": claim.verdict_note,
        "reviewer": claim.reviewer.username,
        "reviewer_name": claim.reviewer.display_name,
        "verified_at": timestamp(claim.verified_at),
        **{f"citations_{stance.value}": stances[stance] for stance in Stance},
        "citation_urls": LIST_SEPARATOR.join(_citation_url(c, site) for c in claim.citations),
        "permalink": site.factcheck_url(claim.id),
        "withdrawn_reason": "",
    }


def tombstone_row(tombstone: ExportTombstone) -> dict[str, Cell]:
    return {
        "record": "withdrawn",
        "claim_id": tombstone.claim_id,
        "updated_at": timestamp(tombstone.withdrawn_at),
        "withdrawn_reason": tombstone.reason.value,
    }


class _Line:
    """A file-like object whose write returns the text: csv.writer then yields lines."""

    def write(self, text: str) -> str:
        return text


def csv_stream(events: Iterable[ExportEvent], site: Site) -> Iterator[bytes]:
    """The header, then a row per claim or tombstone in time order, as UTF-8."""
    writer = csv.DictWriter(_Line(), fieldnames=COLUMNS, restval="")

    def lines() -> Iterator[bytes]:
        yield writer.writeheader().encode()
        for event in events:
            row = (
                tombstone_row(event)
                if isinstance(event, ExportTombstone)
                else claim_row(event, site)
            )
            yield writer.writerow({key: safe_cell(value) for key, value in row.items()}).encode()

    return buffered(lines())
