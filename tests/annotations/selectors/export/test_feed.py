"""The export's feed: cursors, the first sync's walk, the change log read below the horizon,
and the stream of changes since a moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from annotations.models import Claim, ClaimLink, ExportChange
from annotations.selectors.export.cursor import ExportCursor, InvalidCursor
from annotations.selectors.export.feed import export_claims_page, export_stream, horizon
from annotations.selectors.export.queries import ExportFilters
from tests.factories import (
    CitationFactory,
    TagFactory,
    VerifiedClaimFactory,
)


def test_a_cursor_survives_its_round_trip():
    for cursor in (ExportCursor(walk=42, log=(7_000, 3)), ExportCursor(walk=None, log=(9, 0))):
        assert ExportCursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    [
        "",
        "!!!",
        "WzEsMl0",  # [1,2]
        "eyJjIjpudWxsLCJ0IjpudWxsfQ",  # a cursor of the export before the change log
        "eyJ3IjpudWxsLCJsIjpudWxsfQ",  # past a walk, but nowhere in the log
        "eyJ3IjotMSwibCI6bnVsbH0",
        "eyJ3IjowLCJsIjpbOTIyMzM3MjAzNjg1NDc3NTgwOCwwXX0",  # beyond what PostgreSQL's bigint holds
        "eyJ3Ijp0cnVlLCJsIjpudWxsfQ",
        "eyJ3IjowLCJsIjpbMV19",
    ],
)
def test_a_cursor_the_export_did_not_issue_is_refused(token):
    with pytest.raises(InvalidCursor):
        ExportCursor.decode(token)


def _follow(filters: ExportFilters, cursor: ExportCursor | None, page_size: int):
    """Every page from `cursor` to the end of the feed: (claim ids, tombstoned ids), cursor."""
    claims, withdrawn = [], []
    while True:
        page = export_claims_page(filters=filters, cursor=cursor, page_size=page_size)
        withdrawn += [tombstone.claim_id for tombstone in page.tombstones]
        claims += [claim.id for claim in page.claims]
        cursor = page.cursor
        if not page.has_more:
            return (claims, withdrawn), cursor


@pytest.mark.django_db
def test_a_first_sync_walks_the_verified_claims_in_id_order():
    claims = [VerifiedClaimFactory() for _ in range(5)]
    (seen, withdrawn), cursor = _follow(ExportFilters(), None, page_size=2)
    assert seen == [claim.pk for claim in claims]
    assert withdrawn == []
    assert cursor.walk is None


@pytest.mark.django_db
def test_after_the_walk_each_changed_claim_is_sent_once_a_page_as_it_is_now():
    claim, other = VerifiedClaimFactory(), VerifiedClaimFactory()
    _, cursor = _follow(ExportFilters(), None, page_size=10)
    Claim.objects.filter(pk=claim.pk).update(verdict_note="First edit.")
    Claim.objects.filter(pk=claim.pk).update(verdict_note="Second edit.")

    page = export_claims_page(filters=ExportFilters(), cursor=cursor, page_size=10)

    assert [(c.id, c.verdict_note) for c in page.claims] == [(claim.pk, "Second edit.")]
    assert other.pk not in [c.id for c in page.claims]


@pytest.mark.django_db
def test_a_claim_changed_and_withdrawn_between_calls_arrives_as_a_tombstone():
    claim = VerifiedClaimFactory()
    claim_id = claim.pk
    _, cursor = _follow(ExportFilters(), None, page_size=10)
    Claim.objects.filter(pk=claim_id).update(verdict_note="Edited.")
    claim.delete()

    page = export_claims_page(filters=ExportFilters(), cursor=cursor, page_size=10)

    assert page.claims == []
    assert [(t.claim_id, t.reason) for t in page.tombstones] == [(claim_id, "deleted")]


@pytest.mark.django_db
def test_rows_above_the_horizon_wait_and_rows_below_it_are_final():
    """A log row whose transaction is still running (here: stamped with a transaction id that
    no transaction has yet) is not read, and the cursor does not pass it."""
    claim = VerifiedClaimFactory()
    _, cursor = _follow(ExportFilters(), None, page_size=10)
    future = horizon().xmin + 1_000_000
    ExportChange.objects.filter(claim_id=claim.pk).update(txid=future)

    page = export_claims_page(filters=ExportFilters(), cursor=cursor, page_size=10)

    assert (page.claims, page.tombstones, page.cursor) == ([], [], cursor)


@pytest.mark.django_db
def test_a_page_reads_tags_citations_and_links_for_all_its_claims_at_once(
    django_assert_max_num_queries,
):
    tag = TagFactory(name="ports")
    claims = [VerifiedClaimFactory(tags=[tag]) for _ in range(8)]
    for claim in claims:
        CitationFactory(claim=claim)
    for claim, other in zip(claims[::2], claims[1::2], strict=True):
        ClaimLink.objects.create(claim=claim, same_as=other, created_by=claim.created_by)
    with django_assert_max_num_queries(8):
        page = export_claims_page(filters=ExportFilters(), cursor=None, page_size=100)
    assert all(claim.tags == ("ports",) and len(claim.citations) == 1 for claim in page.claims)
    assert all(len(claim.same_as) == 1 for claim in page.claims)


@pytest.mark.django_db
def test_the_stream_has_no_tombstones_unless_asked_for_changes_since():
    claim, doomed = VerifiedClaimFactory(), VerifiedClaimFactory()
    doomed_id = doomed.pk
    doomed.delete()
    whole = list(export_stream(filters=ExportFilters()))
    since = list(
        export_stream(filters=ExportFilters(updated_since=datetime(2000, 1, 1, tzinfo=UTC)))
    )
    assert [event.id for event in whole] == [claim.pk]
    assert [(type(event).__name__, getattr(event, "claim_id", event.id)) for event in since] == [
        ("ExportTombstone", doomed_id),
        ("ExportClaim", claim.pk),
    ]
