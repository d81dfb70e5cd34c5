"""Deleting an article: admins only, after a confirmation that says what goes with it."""

import pytest
from django.urls import reverse

from annotations.models import Article, ArticleRevision, Claim
from annotations.services.articles import (
    ArticleContent,
    article_delete,
    article_revision_create,
)
from project.errors import Conflict, NotAllowed
from tests.factories import CitationFactory, ClaimFactory
from tests.factories_articles import distinct_article, verified_claim
from tests.factories_export import withdrawals_in_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def article_with_claims() -> Article:
    article = distinct_article()
    ClaimFactory(article=article, created_by=article.uploaded_by)
    verified_claim(article=article, start=20, end=40)
    verified_claim(article=article, start=40, end=60)
    return article


def test_confirmation_page_says_how_many_claims_and_verified_claims_go(
    admin_client_role, article_with_claims
):
    response = admin_client_role.get(reverse("article-delete", args=[article_with_claims.pk]))
    html = " ".join(response.content.decode().split())
    assert response.status_code == 200
    assert "<strong>3 claims</strong>, of which <strong>2 verified</strong>" in html
    assert "Delete article and 3 claims" in html


def test_posting_deletes_the_article_its_revisions_and_claims(
    admin_client_role, article_with_claims
):
    response = admin_client_role.post(reverse("article-delete", args=[article_with_claims.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("article-list")
    assert not Article.objects.exists()
    assert not ArticleRevision.objects.exists()
    assert not Claim.objects.exists()


def test_the_export_withdraws_the_verified_claims_as_deleted(admin_user, article_with_claims):
    verified_ids = set(
        article_with_claims.claims.filter(status="verified").values_list("pk", flat=True)
    )
    deletion = article_delete(user=admin_user, article=article_with_claims)
    assert (deletion.claims, deletion.verified_claims) == (3, 2)
    assert withdrawals_in_feed() == dict.fromkeys(verified_ids, "deleted")


def test_an_article_with_several_revisions_is_deleted(admin_user, editor):
    article = distinct_article(uploaded_by=editor)
    article_revision_create(
        user=editor, article=article, content=ArticleContent("A corrected text.", "text")
    )
    article_delete(user=admin_user, article=article)
    assert not ArticleRevision.objects.exists()


def test_an_article_cited_by_another_articles_claim_is_not_deleted(admin_user):
    cited = distinct_article()
    revision = cited.current_revision
    CitationFactory(
        url="",
        source=None,
        cited_revision=revision,
        cited_start=0,
        cited_end=10,
        cited_exact=revision.text[:10],
    )
    with pytest.raises(Conflict, match="cite this one"):
        article_delete(user=admin_user, article=cited)
    assert Article.objects.filter(pk=cited.pk).exists()


def test_an_article_citing_itself_is_deleted(admin_user):
    article = distinct_article()
    revision = article.current_revision
    claim = ClaimFactory(article=article, created_by=article.uploaded_by)
    CitationFactory(
        claim=claim,
        url="",
        source=None,
        cited_revision=revision,
        cited_start=30,
        cited_end=40,
        cited_exact=revision.text[30:40],
    )
    article_delete(user=admin_user, article=article)
    assert not Article.objects.exists()


def test_page_explains_why_a_cited_article_cannot_be_deleted(admin_client_role):
    cited = distinct_article()
    revision = cited.current_revision
    CitationFactory(
        url="",
        source=None,
        cited_revision=revision,
        cited_start=0,
        cited_end=10,
        cited_exact=revision.text[:10],
    )
    response = admin_client_role.post(reverse("article-delete", args=[cited.pk]))
    assert response.status_code == 409
    assert b"cite this one as evidence" in response.content


@pytest.mark.parametrize("client_fixture", ["editor_client", "reviewer_client", "reader_client"])
def test_only_admins_may_delete(request, client_fixture, article_with_claims):
    client = request.getfixturevalue(client_fixture)
    url = reverse("article-delete", args=[article_with_claims.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Article.objects.filter(pk=article_with_claims.pk).exists()


def test_delete_service_refuses_non_admins(editor, article_with_claims):
    with pytest.raises(NotAllowed):
        article_delete(user=editor, article=article_with_claims)
