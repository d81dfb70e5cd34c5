"""Export rows as the export selector hands them to presenters (no database), and the
withdrawals a consumer reads from the change log."""

from __future__ import annotations

from datetime import UTC, date, datetime

from annotations.selectors.export.cursor import ExportCursor
from annotations.selectors.export.feed import export_claims_page
from annotations.selectors.export.queries import ExportFilters
from annotations.selectors.export.rows import (
    ExportArticle,
    ExportCitation,
    ExportCitedSpan,
    ExportClaim,
    ExportPerson,
    ExportSource,
)
from annotations.workflow import Verdict
from sources.vocabulary import Reliability, SourceKind, Stance

ROW_TIME = datetime(2025, 3, 4, 10, 30, 15, 123456, tzinfo=UTC)


def export_article(**overrides) -> ExportArticle:
    values = {
        "id": 7,
        "title": "Harbour traffic report",
        "url": "https://news.example.org/harbour",
        "publisher": "Coastal Ledger",
        "author": "Mara Quill",
        "published_on": date(2025, 2, 28),
        "revision_number": 1,
    }
    return ExportArticle(**(values | overrides))


def export_citation(**overrides) -> ExportCitation:
    values = {
        "id": 31,
        "stance": Stance.CORROBORATES,
        "url": "https://ports.example.gov/annual",
        "title": "Annual port statistics",
        "quote": "Throughput grew by 12%.",
        "location": "Table 3",
        "accessed_on": date(2025, 3, 1),
        "archive_url": "",
        "source": ExportSource(
            name="Port Statistics Office",
            domain="ports.example.gov",
            kind=SourceKind.GOVERNMENT_AGENCY,
            reliability=Reliability.HIGH,
        ),
        "cited_span": None,
    }
    return ExportCitation(**(values | overrides))


def cross_article_citation(**overrides) -> ExportCitation:
    span = ExportCitedSpan(
        article_id=9, article_title="Council minutes", start=40, end=72, exact="transfers count"
    )
    values = {"url": "", "title": "", "quote": "", "source": None, "cited_span": span}
    return export_citation(**(values | overrides))


def export_row(**overrides) -> ExportClaim:
    """A verified claim as the export selector hands it to presenters."""
    values = {
        "id": 42,
        "text": "Cargo volumes rose by 12 percent last year.",
        "exact": "cargo volumes rose by 12 percent",
        "prefix": "authority said on Monday that ",
        "suffix": " last year.",
        "start": 43,
        "end": 75,
        "article": export_article(),
        "tags": ("economy", "shipping"),
        "verdict": Verdict.MOSTLY_TRUE,
        "verdict_note": "Transfers between terminals inflate the figure slightly.",
        "citations": (export_citation(),),
        "creator": ExportPerson(username="mara", display_name="Mara Quill"),
        "reviewer": ExportPerson(username="ines", display_name="Ines Okafor"),
        "created_at": ROW_TIME,
        "updated_at": ROW_TIME,
        "verified_at": ROW_TIME,
    }
    return ExportClaim(**(values | overrides))


def withdrawals_in_feed() -> dict[int, str]:
    """The claims the export's whole change log withdraws, as a consumer reading it from the
    beginning would learn of them: claim id → the reason given."""
    page = export_claims_page(
        filters=ExportFilters(), cursor=ExportCursor(walk=None, log=(0, 0)), page_size=1000
    )
    return {tombstone.claim_id: tombstone.reason.value for tombstone in page.tombstones}
