"""The query counts `make bench` relies on, kept in CI on the benchmark's tiny data set: each
endpoint it measures takes the same number of queries however many rows it serves."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import ArticleRevision
from benchmarks.dataset import build_dataset, sentence_spans
from benchmarks.spec import TINY

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    return build_dataset(TINY)


def signed_in(user_id: int) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def queries(client: Client, method: str, path: str, **kwargs) -> int:
    getattr(client, method)(path, **kwargs)  # the session and the user's roles, read once
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def test_the_article_page_takes_as_many_queries_with_many_claims_as_with_one(dataset):
    client = signed_in(dataset.editor_ids[0])
    heavy = reverse("article-detail", args=[dataset.heavy_article_id])
    twin = reverse("article-detail", args=[dataset.twin_article_id])
    assert queries(client, "get", heavy) == queries(client, "get", twin)


def test_creating_a_claim_takes_as_many_queries_on_a_busy_article_as_on_a_quiet_one(dataset):
    client = signed_in(dataset.writer_ids[0])

    def create_on(article_id: int) -> int:
        revision = ArticleRevision.objects.get(article_id=article_id)
        start, end, _ = sentence_spans(revision.text, revision.blocks)[-1]
        form = {"start": start, "end": end, "exact": revision.text[start:end], "text": ""}
        path = reverse("claim-create", args=[article_id])
        return queries(client, "post", path, data=form, HTTP_HX_REQUEST="true")

    assert create_on(dataset.heavy_article_id) == create_on(dataset.twin_article_id)


def test_the_ndjson_export_takes_as_many_queries_for_every_claim_as_for_one_article(dataset):
    client = signed_in(dataset.reader_id)
    export = reverse("api-export-claims")
    article = dataset.main_article_ids[0]

    def streamed(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{export}?{query}")
            b"".join(response.streaming_content)
        return len(captured)

    streamed("format=ndjson")  # the session, read once
    assert streamed("format=ndjson") == streamed(f"format=ndjson&article={article}")


def test_a_jsonld_page_takes_as_many_queries_for_many_claims_as_for_one(dataset):
    client = signed_in(dataset.reader_id)
    export = reverse("api-export-claims")
    assert queries(client, "get", f"{export}?format=jsonld&page_size=100") == queries(
        client, "get", f"{export}?format=jsonld&page_size=1"
    )


def test_taking_the_next_claim_takes_the_same_queries_each_time(dataset):
    client = signed_in(dataset.reviewer_ids[0])
    assert queries(client, "post", reverse("api-review-next")) == queries(
        client, "post", reverse("api-review-next")
    )


def test_searching_takes_as_many_queries_for_many_matches_as_for_few(dataset):
    client = signed_in(dataset.editor_ids[0])
    articles = reverse("article-list")
    many = queries(client, "get", f"{articles}?{urlencode({'q': 'council'})}")
    # Only the heavily annotated article and its twin have this word in their titles.
    assert many == queries(client, "get", f"{articles}?{urlencode({'q': 'heavily'})}")
