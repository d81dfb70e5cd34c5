"""The benchmark's data set builder, run on a tiny spec: the rows it writes are ones the app
could have written itself."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection

from annotations.canonical import canonicalize_markdown
from annotations.models import Article, Claim, ReviewEvent
from annotations.services.review import claim_take_next
from annotations.workflow import ClaimStatus, Verdict
from benchmarks import prose
from benchmarks.dataset import build_dataset, restore_dataset
from benchmarks.spec import TINY
from sources.models import Citation
from sources.vocabulary import Stance

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    return build_dataset(TINY)


def test_the_tiny_data_set_has_what_its_spec_asks_for(dataset):
    assert dataset.counts["articles"] == TINY.articles + 2
    assert dataset.counts["citations"] == TINY.citations
    assert dataset.counts["claims_verified"] == TINY.verified_claims


def test_every_state_and_every_verdict_is_present(dataset):
    assert {status.value for status in ClaimStatus} == set(
        Claim.objects.values_list("status", flat=True)
    )
    verdicts = set(Claim.objects.exclude(verdict="").values_list("verdict", flat=True))
    assert verdicts == {verdict.value for verdict in Verdict}


def test_every_claim_quotes_the_text_at_its_offsets(dataset):
    for claim in Claim.objects.select_related("revision"):
        text = claim.revision.text
        assert claim.exact == text[claim.start : claim.end]
        assert claim.prefix == text[max(0, claim.start - 32) : claim.start]
        assert claim.suffix == text[claim.end : claim.end + 32]


def test_article_texts_are_canonical(dataset):
    article = Article.objects.select_related("current_revision").get(pk=dataset.main_article_ids[0])
    revision = article.current_revision
    assert canonicalize_markdown(revision.text).text == revision.text
    assert all(revision.text[b["start"] : b["end"]].strip() for b in revision.blocks)


def test_the_heavy_article_and_its_twin_differ_only_in_their_claims(dataset):
    heavy = Article.objects.select_related("current_revision").get(pk=dataset.heavy_article_id)
    twin = Article.objects.select_related("current_revision").get(pk=dataset.twin_article_id)
    assert heavy.claims.count() == TINY.heavy_claims
    assert twin.claims.count() == 1
    assert heavy.current_revision.text[:-1] == twin.current_revision.text[:-1]
    assert heavy.current_revision.blocks == twin.current_revision.blocks


def test_every_creator_is_a_contributor(dataset):
    for claim in Claim.objects.prefetch_related("contributors"):
        assert claim.created_by in claim.contributors.all()


def test_citations_quote_the_articles_they_cite(dataset):
    spans = Citation.objects.filter(cited_revision__isnull=False).select_related("cited_revision")
    assert spans
    for citation in spans:
        cited = citation.cited_revision.text[citation.cited_start : citation.cited_end]
        assert citation.cited_exact == cited


def test_citations_take_every_stance(dataset):
    stances = set(Citation.objects.values_list("stance", flat=True))
    assert stances == {stance.value for stance in Stance}


def test_every_claim_has_the_similarity_features_its_trigger_would_store(dataset):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM annotations_claim AS claim,
                 annotations_match_features(claim.text, claim.exact) AS features
            WHERE (claim.match_text, claim.match_quote, claim.match_numbers,
                   claim.match_entities, claim.match_negated, claim.match_vector)
                  IS DISTINCT FROM
                  (features.match_text, features.match_quote, features.match_numbers,
                   features.match_entities, features.match_negated, features.match_vector)
            """
        )
        assert cursor.fetchone()[0] == 0
    assert Claim.objects.exclude(match_text="").count() == Claim.objects.count()


def test_the_features_trigger_is_on_again_after_the_build(dataset):
    claim = Claim.objects.filter(article_id=dataset.main_article_ids[0]).first()
    Claim.objects.filter(pk=claim.pk).update(text="Unemployment fell to four per cent in Leeds.")
    claim.refresh_from_db()
    assert claim.match_text == "unemployment fell to 4% in leeds."


BULK_LOADED = (
    "annotations_claim",
    "annotations_claim_contributors",
    "annotations_claim_tags",
    "sources_citation",
)


def _indexes_and_constraints() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indrelid::regclass::text = ANY(%(tables)s)
            UNION ALL
            SELECT conrelid::regclass::text, conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE conrelid::regclass::text = ANY(%(tables)s)
            """,
            {"tables": list(BULK_LOADED)},
        )
        return set(cursor.fetchall())


def test_the_indexes_and_foreign_keys_dropped_for_the_bulk_load_are_all_back_as_they_were():
    before = _indexes_and_constraints()
    build_dataset(TINY)
    assert _indexes_and_constraints() == before
    assert {table for table, _ in before} == set(BULK_LOADED)


def test_restoring_puts_taken_claims_back_in_the_queue(dataset):
    reviewer = User.objects.get(pk=dataset.reviewer_ids[0])
    taken = claim_take_next(reviewer=reviewer)
    restore_dataset(dataset)
    taken.refresh_from_db()
    assert taken.status == ClaimStatus.SUBMITTED.value
    assert not ReviewEvent.objects.filter(claim=taken).exists()


def test_the_search_queries_are_twenty():
    assert len(prose.SEARCH_QUERIES) == 20
