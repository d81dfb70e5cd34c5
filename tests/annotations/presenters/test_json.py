"""The export's JSON and NDJSON: claims and tombstones, one object each."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from annotations.presenters.base import Site, buffered, timestamp
from annotations.presenters.json import (
    claim_to_json,
    json_document_stream,
    ndjson_stream,
    tombstone_to_json,
)
from annotations.selectors.export.rows import ExportTombstone, WithdrawalReason
from tests.factories import cross_article_citation, export_row

SITE = Site.at("https://corroborate.example.org")
TOMBSTONE = ExportTombstone(
    id=3,
    claim_id=41,
    reason=WithdrawalReason.DELETED,
    withdrawn_at=datetime(2025, 3, 5, 8, 0, tzinfo=UTC),
)


def test_a_tombstone_names_the_claim_the_reason_and_the_time():
    assert tombstone_to_json(TOMBSTONE) == {
        "type": "tombstone",
        "id": 41,
        "reason": "deleted",
        "withdrawn_at": "2025-03-05T08:00:00.000000Z",
    }


def test_times_are_utc_with_a_z():
    assert claim_to_json(export_row(), SITE)["updated_at"] == "2025-03-04T10:30:15.123456Z"
    assert timestamp(datetime(2025, 1, 1, tzinfo=UTC), precise=False) == "2025-01-01T00:00:00Z"


def test_a_cross_article_citation_has_no_url_but_the_article_and_its_span():
    row = export_row(citations=(cross_article_citation(),))
    [citation] = claim_to_json(row, SITE)["citations"]
    assert citation["url"] is None
    assert citation["source"] is None
    assert citation["article"]["url"] == "https://corroborate.example.org/articles/9/"
    assert citation["article"]["selectors"][0]["exact"] == "transfers count"


def test_ndjson_is_one_object_a_line_in_the_given_order():
    text = b"".join(ndjson_stream([TOMBSTONE, export_row(id=42)], SITE))
    lines = [orjson.loads(line) for line in text.splitlines()]
    assert [(line["type"], line["id"]) for line in lines] == [("tombstone", 41), ("claim", 42)]


def test_the_json_document_lists_claims_and_withdrawals_apart():
    text = b"".join(json_document_stream([export_row(id=1), TOMBSTONE, export_row(id=2)], SITE))
    document = orjson.loads(text)
    assert [claim["id"] for claim in document["results"]] == [1, 2]
    assert [tombstone["id"] for tombstone in document["withdrawn"]] == [41]


def test_an_empty_json_document_is_still_valid_json():
    assert orjson.loads(b"".join(json_document_stream([], SITE))) == {
        "results": [],
        "withdrawn": [],
    }


def test_buffered_joins_small_pieces_into_chunks_of_about_the_given_size():
    chunks = list(buffered((b"x" * 10 for _ in range(25)), size=100))
    assert [len(chunk) for chunk in chunks] == [100, 100, 50]
