"""The export selectors: cursors, keyset pages with ties, and the streaming iterator's
transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Claim, ClaimTombstone
from annotations.selectors.export.cursor import ExportCursor, InvalidCursor
from annotations.selectors.export.queries import (
    ExportFilters,
    export_claim,
    export_claims_iter,
    export_claims_page,
)
from annotations.selectors.export.rows import ExportClaim
from project.errors import NotFound
from tests.factories import CitationFactory, TagFactory
from tests.factories_export import EditionClaimFactory, VerifiedClaimFactory


def test_a_cursor_survives_its_round_trip():
    cursor = ExportCursor(
        claim=(datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC), 42),
        tombstone=None,
    )
    assert ExportCursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "token",
    [
        "",
        "!!!",
        "eyJjIjpudWxsfQ",  # {"c":null}: no tombstone position
        "eyJjIjpbIjIwMjUtMDMtMDEiLDFdLCJ0IjpudWxsfQ",  # a time without an offset
        "WzEsMl0",  # [1,2]
    ],
)
def test_a_cursor_the_export_did_not_issue_is_refused(token):
    with pytest.raises(InvalidCursor):
        ExportCursor.decode(token)


@pytest.mark.django_db
def test_claims_changed_at_the_same_instant_are_paged_by_id_without_loss():
    claims = [VerifiedClaimFactory() for _ in range(5)]
    same_time = timezone.now()
    Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(updated_at=same_time)

    seen, cursor = [], None
    while True:
        page = export_claims_page(filters=ExportFilters(), cursor=cursor, page_size=2)
        seen += [claim.id for claim in page.claims]
        cursor = page.cursor
        if not page.has_more:
            break
    assert seen == sorted(claim.pk for claim in claims)


@pytest.mark.django_db
def test_a_withdrawal_comes_before_a_claim_changed_at_the_same_instant():
    claim = VerifiedClaimFactory()
    start = export_claims_page(filters=ExportFilters(), cursor=None, page_size=10).cursor
    tombstone = ClaimTombstone.objects.create(claim_id=claim.pk, reason="reopened")
    Claim.objects.filter(pk=claim.pk).update(updated_at=tombstone.withdrawn_at)

    first = export_claims_page(filters=ExportFilters(), cursor=start, page_size=1)
    second = export_claims_page(filters=ExportFilters(), cursor=first.cursor, page_size=1)

    assert [t.claim_id for t in first.tombstones] == [claim.pk]
    assert first.claims == []
    assert [c.id for c in second.claims] == [claim.pk]


@pytest.mark.django_db
def test_a_page_reads_tags_and_citations_for_all_its_claims_at_once(
    django_assert_max_num_queries,
):
    tag = TagFactory(name="ports")
    for _ in range(8):
        CitationFactory(claim=VerifiedClaimFactory(tags=[tag]))
    with django_assert_max_num_queries(5):
        page = export_claims_page(filters=ExportFilters(), cursor=None, page_size=100)
    assert all(claim.tags == ("ports",) and len(claim.citations) == 1 for claim in page.claims)


@pytest.mark.django_db
def test_the_stream_has_no_tombstones_unless_asked_for_changes_since():
    claim = VerifiedClaimFactory()
    ClaimTombstone.objects.create(claim_id=claim.pk + 1000, reason="deleted")
    whole = list(export_claims_iter(filters=ExportFilters()))
    since = list(
        export_claims_iter(filters=ExportFilters(updated_since=datetime(2000, 1, 1, tzinfo=UTC)))
    )
    assert [type(event) for event in whole] == [ExportClaim]
    assert sorted(type(event).__name__ for event in since) == ["ExportClaim", "ExportTombstone"]


@pytest.mark.django_db
def test_a_stream_closed_early_ends_its_transaction():
    for _ in range(3):
        VerifiedClaimFactory()
    savepoints_before = list(connection.savepoint_ids)
    stream = export_claims_iter(filters=ExportFilters(), chunk_size=1)
    next(stream)
    assert len(connection.savepoint_ids) == len(savepoints_before) + 1
    stream.close()
    assert connection.savepoint_ids == savepoints_before


@pytest.mark.django_db
def test_each_chunk_of_the_stream_carries_its_own_claims_tags_in_name_order():
    first = VerifiedClaimFactory(tags=[TagFactory(name="rail"), TagFactory(name="budget")])
    second = VerifiedClaimFactory(tags=[TagFactory(name="ports")])
    untagged = VerifiedClaimFactory()
    events = list(export_claims_iter(filters=ExportFilters(), chunk_size=1))
    assert {claim.id: claim.tags for claim in events} == {
        first.pk: ("budget", "rail"),
        second.pk: ("ports",),
        untagged.pk: (),
    }


@pytest.mark.django_db
def test_the_stream_reads_without_jit_or_parallel_workers():
    VerifiedClaimFactory()
    stream = export_claims_iter(filters=ExportFilters())
    next(stream)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('max_parallel_workers_per_gather')"
        )
        assert cursor.fetchone() == ("off", "0")
    stream.close()


@pytest.mark.django_db
def test_a_single_claim_is_found_only_while_verified():
    verified = VerifiedClaimFactory()
    draft = EditionClaimFactory()
    assert export_claim(claim_id=verified.pk).id == verified.pk
    with pytest.raises(NotFound):
        export_claim(claim_id=draft.pk)
