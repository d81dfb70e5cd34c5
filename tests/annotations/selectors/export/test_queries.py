"""The export queries: keyset pages with ties, and the streaming iterator's transaction.

Streamed exports stay lazy and bounded: 50,000 claims go out in chunks, with a number of
queries that grows with the chunks, not the claims."""

from __future__ import annotations

import math

import orjson
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Claim, Tag
from annotations.roles import Role
from annotations.selectors.export.queries import (
    DEFAULT_CHUNK_SIZE,
    ExportFilters,
    export_claim,
    export_claims_iter,
)
from project.errors import NotFound
from sources.models import Citation
from tests.factories import (
    OwnArticleClaimFactory,
    PasswordlessUserFactory,
    SourceFactory,
    TagFactory,
    VerifiedClaimFactory,
    distinct_article,
)

pytestmark = pytest.mark.django_db


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
    draft = OwnArticleClaimFactory()
    assert export_claim(claim_id=verified.pk).id == verified.pk
    with pytest.raises(NotFound):
        export_claim(claim_id=draft.pk)


EXPORT = reverse("api-export-claims")
CLAIM_COUNT = 50_000


@pytest.fixture
def many_verified_claims():
    bulk_verified_claims(CLAIM_COUNT)


def bulk_verified_claims(count: int) -> None:
    """`count` verified claims on one article, each changed a microsecond after the last: every
    5th tagged, every 10th with a citation. Inserted by the database itself (INSERT … SELECT over
    generate_series), as model-by-model bulk_create spends seconds building 50,000 objects."""
    article = distinct_article()
    revision = article.current_revision
    editor = PasswordlessUserFactory(roles=(Role.EDITOR,))
    reviewer = PasswordlessUserFactory(roles=(Role.REVIEWER,))
    tag = Tag.objects.create(name="shipping")
    source = SourceFactory(domain="ports.example.gov")
    span_count = len(revision.text) - 10
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Claim._meta.db_table} (
                article_id, revision_id, start, "end", exact, prefix, suffix, text, note,
                status, verdict, verdict_note, created_by_id, verified_by_id, verified_at,
                created_at, updated_at, version
            )
            SELECT %(article)s, %(revision)s, n %% %(spans)s, n %% %(spans)s + 10,
                   substr(%(text)s, n %% %(spans)s + 1, 10), '', '',
                   'Checkable statement number ' || n || '.', '',
                   'verified', 'true', '', %(editor)s, %(reviewer)s, now(),
                   now(), now() + n * interval '1 microsecond', 1
            FROM generate_series(0, %(count)s - 1) AS n
            """,
            {
                "article": article.pk,
                "revision": revision.pk,
                "spans": span_count,
                "text": revision.text,
                "editor": editor.pk,
                "reviewer": reviewer.pk,
                "count": count,
            },
        )
        # As a bulk load should: the export log's triggers look the new claims up by index only
        # if the planner knows they are there (statistics taken while the table was empty made
        # it join every tagged claim with every claim, for minutes).
        cursor.execute(f"ANALYZE {Claim._meta.db_table}")
        cursor.execute(
            f"""
            INSERT INTO {Claim.tags.through._meta.db_table} (claim_id, tag_id)
            SELECT id, %(tag)s FROM {Claim._meta.db_table}
            WHERE article_id = %(article)s AND id %% 5 = 0
            """,
            {"tag": tag.pk, "article": article.pk},
        )
        cursor.execute(
            f"""
            INSERT INTO {Citation._meta.db_table} (
                claim_id, stance, source_id, url, title, quote, location, archive_url, note,
                cited_exact, created_by_id, created_at, updated_at, version
            )
            SELECT id, 'corroborates', %(source)s, 'https://ports.example.gov/annual',
                   'Annual traffic', '', '', '', '', '', %(editor)s, now(), now(), 1
            FROM {Claim._meta.db_table}
            WHERE article_id = %(article)s AND id %% 10 = 0
            """,
            {"source": source.pk, "editor": editor.pk, "article": article.pk},
        )


def test_ndjson_of_50000_claims_streams_lazily_with_bounded_queries(
    reader_client, many_verified_claims, django_assert_max_num_queries
):
    response = reader_client.get(EXPORT, {"format": "ndjson"})
    assert isinstance(response, StreamingHttpResponse)
    chunks = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as before_first_chunk:
        first = next(chunks)
    # Only the first chunk of claims has been read: later chunks' evidence is not fetched yet.
    assert len(before_first_chunk) <= 6
    assert orjson.loads(first.split(b"\n", 1)[0])["type"] == "claim"

    chunk_count = math.ceil(CLAIM_COUNT / DEFAULT_CHUNK_SIZE)
    lines, pieces, ids, sampled = first.count(b"\n"), 1, set(), 0
    with django_assert_max_num_queries(3 * chunk_count + 5):
        for chunk in chunks:
            pieces += 1
            lines += chunk.count(b"\n")
            if pieces % 97 == 0:  # sample: every claim parses, and none comes twice
                ids.add(orjson.loads(chunk.split(b"\n", 2)[1])["id"])
                sampled += 1

    assert lines == CLAIM_COUNT
    assert pieces > 100  # many chunks of about 64 KiB, never one body
    assert len(ids) == sampled
