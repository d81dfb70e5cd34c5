"""The articles API: upload by multipart or JSON, read, search, revise, delete."""

import codecs

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import Article
from annotations.selectors import articles as selectors
from annotations.services.articles import ArticleContent, article_upload
from tests.factories import (
    PasswordlessUserFactory,
    VerifiedClaimFactory,
    distinct_article,
    indexed_article,
    uploaded_file,
    withdrawals_in_feed,
)

pytestmark = pytest.mark.django_db

ARTICLES = reverse("api-article-list")


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def editor_api(editor) -> APIClient:
    return api_client(editor)


def detail_url(article_id: int) -> str:
    return reverse("api-article-detail", args=[article_id])


# --- Upload ---------------------------------------------------------------------------------


def test_multipart_file_upload_creates_the_article(editor_api):
    data = codecs.BOM_UTF16_LE + "Grain prices fell.\r\n\r\nBy 3 percent.".encode("utf-16-le")
    response = editor_api.post(
        ARTICLES, {"file": uploaded_file("grain.txt", data), "publisher": "Farm Weekly"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["publisher"], body["text"]) == (
        "Grain prices fell.",
        "Farm Weekly",
        "Grain prices fell.\n\nBy 3 percent.",
    )
    assert response["Location"] == body["api_url"]


def test_json_text_upload_returns_text_blocks_revision_and_hash(editor_api):
    response = editor_api.post(
        ARTICLES, {"title": "Rates", "text": "Rates rise.\n\nBy 2 percent."}, format="json"
    )
    body = response.json()
    assert response.status_code == 201
    assert body["revision"] == 1
    assert body["source_format"] == "text"
    assert len(body["content_hash"]) == 64
    assert body["blocks"] == [
        {"kind": "paragraph", "start": 0, "end": 11, "level": 0},
        {"kind": "paragraph", "start": 13, "end": 26, "level": 0},
    ]


def test_json_html_upload_is_canonicalized_and_reads_its_metadata(editor_api):
    html = (
        '<html lang="fr"><head><title>Marché couvert</title></head>'
        "<body><p>Le marché rouvre <script>x()</script>samedi.</p></body></html>"
    )
    body = editor_api.post(ARTICLES, {"html": html}, format="json").json()
    assert (body["title"], body["language"], body["text"]) == (
        "Marché couvert",
        "fr",
        "Le marché rouvre samedi.",
    )


def test_json_markdown_upload_uses_its_first_heading_as_title(editor_api):
    body = editor_api.post(
        ARTICLES, {"markdown": "# Pool closes\n\nFor **two** weeks."}, format="json"
    ).json()
    assert (body["title"], body["source_format"], body["text"]) == (
        "Pool closes",
        "markdown",
        "Pool closes\n\nFor two weeks.",
    )


def test_upload_with_two_texts_is_refused_as_a_problem(editor_api):
    response = editor_api.post(ARTICLES, {"text": "a", "html": "<p>b</p>"}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "exactly one of" in response.json()["detail"]


def test_upload_without_text_is_refused(editor_api):
    response = editor_api.post(ARTICLES, {"title": "Nothing"}, format="json")
    assert response.status_code == 400


def test_oversized_upload_is_refused_with_413(editor_api, settings):
    settings.ARTICLE_MAX_UPLOAD_BYTES = 20
    response = editor_api.post(ARTICLES, {"file": uploaded_file("big.txt", "word " * 10)})
    assert response.status_code == 413
    assert response.json()["title"] == "Too large"
    assert not Article.objects.exists()


def test_binary_file_is_refused_with_400_saying_so(editor_api):
    response = editor_api.post(
        ARTICLES, {"file": uploaded_file("x.txt", b"\x7fELF\x02\x01\x01\x00")}
    )
    assert response.status_code == 400
    assert "binary" in response.json()["detail"]


def test_whitespace_only_text_is_refused(editor_api):
    response = editor_api.post(ARTICLES, {"text": " \n\t "}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The text is empty."


def test_duplicate_upload_is_a_409_naming_the_existing_article(editor_api, editor):
    existing = article_upload(user=editor, content=ArticleContent("Known text.", "text"))
    response = editor_api.post(ARTICLES, {"text": "Known text."}, format="json")
    body = response.json()
    assert response.status_code == 409
    assert body["article_id"] == existing.pk
    assert body["revision"] == 1
    assert body["article_url"].endswith(detail_url(existing.pk))
    assert body["html_url"].endswith(reverse("article-detail", args=[existing.pk]))
    assert response["Location"] == body["article_url"]


@pytest.mark.parametrize("user_fixture", ["reader", "reviewer"])
def test_upload_without_the_role_is_forbidden(request, user_fixture):
    client = api_client(request.getfixturevalue(user_fixture))
    response = client.post(ARTICLES, {"text": "Words."}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only editors and admins may upload articles."


def test_anonymous_request_is_refused(client):
    assert client.get(ARTICLES).status_code in {401, 403}


# --- Read -----------------------------------------------------------------------------------


def test_detail_returns_metadata_and_the_current_text(reader):
    article = distinct_article(title="Tide tables", text="High tide at 6.\n\nLow tide at 12.")
    body = api_client(reader).get(detail_url(article.pk)).json()
    assert body["title"] == "Tide tables"
    assert body["text"] == "High tide at 6.\n\nLow tide at 12."
    assert body["revision"] == 1
    assert body["uploaded_by"] == article.uploaded_by.username


def test_missing_article_is_a_404_problem(reader):
    response = api_client(reader).get(detail_url(999999))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_list_is_paginated_and_searchable(reader):
    indexed_article(title="Ferry fares", text="Fares go up in spring.")
    indexed_article(title="Library", text="Opening hours extended.")
    body = api_client(reader).get(ARTICLES, {"q": "fares"}).json()
    assert body["count"] == 1
    assert [article["title"] for article in body["results"]] == ["Ferry fares"]


def test_a_relevance_search_lists_the_newest_matches_ranked(reader, monkeypatch):
    monkeypatch.setattr(selectors, "RANKED_MATCHES_MAX", 2)
    indexed_article(title="Ferry fares", text="Ferry fares rise: the ferry, the ferry.")
    indexed_article(title="Timetable", text="The ferry sails at nine.")
    indexed_article(title="Harbour", text="A ferry berth is planned.")
    client = api_client(reader)

    ranked = client.get(ARTICLES, {"q": "ferry"}).json()
    assert ranked["count"] == 2
    assert [article["title"] for article in ranked["results"]] == ["Harbour", "Timetable"]
    assert ranked["results"][0]["revision"] == 1
    newest = client.get(ARTICLES, {"q": "ferry", "sort": "newest"}).json()
    assert newest["count"] == 3


def test_list_refuses_an_unknown_sort(reader):
    assert api_client(reader).get(ARTICLES, {"sort": "loudest"}).status_code == 400


def test_list_takes_the_same_queries_whatever_the_number_of_articles(
    reader, unthrottled, django_assert_max_num_queries
):
    author = PasswordlessUserFactory()
    client = api_client(reader)
    for batch in (3, 12):
        for _ in range(batch):
            distinct_article(uploaded_by=author)
        with django_assert_max_num_queries(3):
            client.get(ARTICLES)


# --- Revisions ------------------------------------------------------------------------------


def test_posting_a_revision_makes_it_current(editor_api, editor):
    article = article_upload(user=editor, content=ArticleContent("Turnout 41 percent.", "text"))
    url = reverse("api-article-revisions", args=[article.pk])
    response = editor_api.post(url, {"text": "Turnout 44 percent."}, format="json")
    assert response.status_code == 201
    assert (response.json()["revision"], response.json()["text"]) == (2, "Turnout 44 percent.")
    listed = editor_api.get(url).json()
    assert [revision["number"] for revision in listed] == [1, 2]


def test_an_earlier_revision_can_still_be_read(editor_api, editor):
    article = article_upload(user=editor, content=ArticleContent("Turnout 41 percent.", "text"))
    editor_api.post(
        reverse("api-article-revisions", args=[article.pk]),
        {"text": "Turnout 44 percent."},
        format="json",
    )
    first = editor_api.get(reverse("api-article-revision-detail", args=[article.pk, 1])).json()
    assert first["text"] == "Turnout 41 percent."


def test_a_revision_identical_to_the_current_text_is_a_409(editor_api, editor):
    article = article_upload(user=editor, content=ArticleContent("Same.", "text"))
    response = editor_api.post(
        reverse("api-article-revisions", args=[article.pk]), {"text": "Same."}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["article_id"] == article.pk


def test_reader_may_not_post_a_revision(reader):
    article = distinct_article()
    response = api_client(reader).post(
        reverse("api-article-revisions", args=[article.pk]), {"text": "New."}, format="json"
    )
    assert response.status_code == 403


# --- Delete ---------------------------------------------------------------------------------


def test_admin_deletes_an_article_and_its_verified_claims_leave_tombstones(admin_user):
    article = distinct_article()
    claim = VerifiedClaimFactory(article=article)
    response = api_client(admin_user).delete(detail_url(article.pk))
    assert response.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()
    assert withdrawals_in_feed() == {claim.pk: "deleted"}


def test_editor_may_not_delete_an_article(editor_api):
    article = distinct_article()
    assert editor_api.delete(detail_url(article.pk)).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
