"""Factories for the export's tests: verified claims, as the review workflow leaves them."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import factory
from django.utils import timezone

from annotations.models import Article
from annotations.roles import Role
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
from tests.factories import ARTICLE_TEXT, ArticleFactory, ClaimFactory, UserFactory

_editions = itertools.count(1)


class StaffFactory(UserFactory):
    """A newsroom user who never signs in during the test: no password to hash, so it is fast."""

    password = factory.PostGenerationMethodCall("set_unusable_password")


def edition_text() -> str:
    """The factories' article text with a line that makes it unique (content hashes are)."""
    return f"{ARTICLE_TEXT}\n\nEdition {next(_editions)}."


def edition(**kwargs) -> Article:
    """An article whose text no other article has."""
    kwargs.setdefault("text", edition_text())
    if "uploaded_by" not in kwargs:
        kwargs["uploaded_by"] = StaffFactory(roles=(Role.EDITOR,))
    return ArticleFactory(**kwargs)


class EditionClaimFactory(ClaimFactory):
    """A draft claim on an article of its own."""

    article = factory.LazyFunction(edition)
    created_by = factory.SubFactory(StaffFactory, roles=(Role.EDITOR,))


class VerifiedClaimFactory(EditionClaimFactory):
    """A verified claim (the constraints want a verdict, a reviewer and a time together)."""

    status = "verified"
    verdict = "true"
    verified_by = factory.SubFactory(StaffFactory, roles=(Role.REVIEWER,))
    verified_at = factory.LazyFunction(timezone.now)


def withdrawals_in_feed() -> dict[int, str]:
    """The claims the export's whole change log withdraws (as a consumer would read it from the
    beginning), with the reason it gives: claim id → reason."""
    page = export_claims_page(
        filters=ExportFilters(), cursor=ExportCursor(walk=None, log=(0, 0)), page_size=1000
    )
    return {tombstone.claim_id: tombstone.reason.value for tombstone in page.tombstones}


# Export rows, for the presenters' tests (no database) --------------------------------------

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
