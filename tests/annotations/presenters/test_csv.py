"""CSV: one row per claim, citations flattened, withdrawn claims as rows, and no cell that a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from annotations.presenters.base import Site
from annotations.presenters.csv import COLUMNS, claim_row, csv_stream, safe_cell
from annotations.selectors.export.rows import ExportTombstone, WithdrawalReason
from sources.vocabulary import Stance
from tests.factories import cross_article_citation, export_citation, export_row

SITE = Site.at("https://corroborate.example.org")


def read(events) -> list[dict[str, str]]:
    text = b"".join(csv_stream(events, SITE)).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("dangerous", ["=SUM(A1:A9)", "+44 20", "-1", "@cmd", "\tx", "\rx"])
def test_a_cell_that_would_run_as_a_formula_is_quoted(dangerous):
    assert safe_cell(dangerous) == f"'{dangerous}"


@pytest.mark.parametrize("harmless", ["Cargo rose", "12 percent", "", 5, None])
def test_other_cells_are_left_alone(harmless):
    assert safe_cell(harmless) == harmless


def test_a_formula_in_a_claim_is_written_as_text():
    [row] = read([export_row(text='=HYPERLINK("https://evil.example","x")')])
    assert row["claim"] == '\'=HYPERLINK("https://evil.example","x")'


def test_the_header_names_every_column():
    header = b"".join(csv_stream([], SITE)).decode().splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_citations_are_counted_per_stance_and_their_urls_listed():
    citations = (
        export_citation(id=1, stance=Stance.CORROBORATES, url="https://a.example/1"),
        export_citation(id=2, stance=Stance.CONFLICTS, url="https://b.example/2"),
        export_citation(id=3, stance=Stance.CONFLICTS, url="https://c.example/3"),
        cross_article_citation(id=4, stance=Stance.CONTEXT),
    )
    row = claim_row(export_row(citations=citations), SITE)
    assert (row["citations_corroborates"], row["citations_conflicts"]) == (1, 2)
    assert row["citations_context"] == 1
    assert row["citation_urls"] == (
        "https://a.example/1; https://b.example/2; https://c.example/3; "
        "https://corroborate.example.org/articles/9/"
    )


def test_a_claim_row_has_its_verdict_tags_reviewer_and_permalink():
    [row] = read([export_row(id=42)])
    assert row["record"] == "claim"
    assert row["claim_id"] == "42"
    assert row["verdict"] == "mostly_true"
    assert row["verdict_label"] == "Mostly true"
    assert row["rating_value"] == "4"
    assert row["tags"] == "economy; shipping"
    assert row["reviewer_name"] == "Ines Okafor"
    assert row["permalink"] == "https://corroborate.example.org/factchecks/42/"
    assert row["withdrawn_reason"] == ""


def test_a_withdrawn_claim_is_a_row_with_its_reason_and_time():
    tombstone = ExportTombstone(
        id=1,
        claim_id=42,
        reason=WithdrawalReason.REOPENED,
        withdrawn_at=datetime(2025, 3, 5, 8, 0, tzinfo=UTC),
    )
    [row] = read([tombstone])
    assert row["record"] == "withdrawn"
    assert row["claim_id"] == "42"
    assert row["updated_at"] == "2025-03-05T08:00:00.000000Z"
    assert row["withdrawn_reason"] == "reopened"
    assert row["claim"] == row["verdict"] == ""
