"""Corrected versions of an article: immutable revisions, the newest one current."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from annotations.models import Article, Claim
from annotations.services.articles import (
    ArticleContent,
    DuplicateArticle,
    article_revision_create,
    article_upload,
)
from project.errors import NotAllowed
from tests.factories import ClaimFactory
from tests.factories_articles import uploaded_file

pytestmark = pytest.mark.django_db

FIRST = "The bridge reopens on 3 May.\n\nRepairs cost 2.1 million."
CORRECTED = "The bridge reopens on 10 May.\n\nRepairs cost 2.4 million."


@pytest.fixture
def article(editor) -> Article:
    return article_upload(user=editor, content=ArticleContent(FIRST, "text"))


def revise(user, article, text: str = CORRECTED):
    return article_revision_create(user=user, article=article, content=ArticleContent(text, "text"))


def test_new_revision_gets_the_next_number_and_becomes_current(editor, article):
    revision = revise(editor, article)
    article.refresh_from_db()
    assert revision.number == 2
    assert article.current_revision == revision
    assert article.current_revision.text == CORRECTED


def test_earlier_revision_keeps_its_text(editor, article):
    revise(editor, article)
    assert [r.text for r in article.revisions.order_by("number")] == [FIRST, CORRECTED]


def test_claims_stay_on_the_revision_they_were_made_on(editor, article):
    claim = ClaimFactory(article=article, created_by=editor, start=4, end=10)
    first_revision = claim.revision
    revise(editor, article)
    assert Claim.objects.get(pk=claim.pk).revision == first_revision


def test_search_reads_the_current_text(editor, article):
    revise(editor, article, "The ferry timetable changes in June.")
    matches = Article.objects.filter(search_vector=SearchQuery("ferry", config="english"))
    assert list(matches) == [article]
    assert not Article.objects.filter(search_vector=SearchQuery("repairs", config="english"))


def test_unchanged_text_is_a_duplicate_of_the_current_revision(editor, article):
    with pytest.raises(DuplicateArticle) as refused:
        revise(editor, article, FIRST + "\n")
    assert (refused.value.article, refused.value.revision.number) == (article, 1)
    assert article.revisions.count() == 1


def test_text_of_another_article_is_refused_as_its_duplicate(editor, article):
    other = article_upload(user=editor, content=ArticleContent("Unrelated text.", "text"))
    with pytest.raises(DuplicateArticle) as refused:
        revise(editor, article, "Unrelated text.")
    assert refused.value.article == other


def test_reader_may_not_add_a_revision(reader, article):
    with pytest.raises(NotAllowed):
        revise(reader, article)


# --- Pages ----------------------------------------------------------------------------------


def test_revision_page_shows_the_form(editor_client, article):
    response = editor_client.get(reverse("article-revision-upload", args=[article.pk]))
    assert response.status_code == 200
    assert reverse("article-revisions", args=[article.pk]).encode() in response.content


def test_posting_a_corrected_file_adds_a_revision_and_redirects_to_the_article(
    editor_client, article
):
    response = editor_client.post(
        reverse("article-revisions", args=[article.pk]),
        {"file": uploaded_file("bridge-v2.txt", CORRECTED)},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("article-detail", args=[article.pk])
    article.refresh_from_db()
    assert (article.current_revision.number, article.current_revision.original_filename) == (
        2,
        "bridge-v2.txt",
    )


def test_posting_the_same_text_redirects_to_the_article_with_a_message(editor_client, article):
    response = editor_client.post(reverse("article-revisions", args=[article.pk]), {"text": FIRST})
    assert response["Location"] == reverse("article-detail", args=[article.pk])
    [message] = get_messages(response.wsgi_request)
    assert "already stored as revision 1" in message.message
    assert article.revisions.count() == 1


def test_revision_list_url_accepts_only_posts(editor_client, article):
    response = editor_client.get(reverse("article-revisions", args=[article.pk]))
    assert response.status_code == 405


@pytest.mark.parametrize("client_fixture", ["reader_client", "reviewer_client"])
def test_revision_pages_are_forbidden_without_the_role(request, client_fixture, article):
    client = request.getfixturevalue(client_fixture)
    assert client.get(reverse("article-revision-upload", args=[article.pk])).status_code == 403
    response = client.post(reverse("article-revisions", args=[article.pk]), {"text": CORRECTED})
    assert response.status_code == 403
    assert article.revisions.count() == 1


def test_revision_page_for_a_missing_article_is_404(editor_client):
    assert editor_client.get(reverse("article-revision-upload", args=[999999])).status_code == 404
