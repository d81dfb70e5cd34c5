"""The Django admin: articles read-mostly with read-only revisions, tags curated."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from annotations.models import Article, Tag
from tests.factories import TagFactory, distinct_article

pytestmark = pytest.mark.django_db


def test_admin_lists_articles_and_shows_their_revisions_read_only(admin_client_role):
    article = distinct_article(title="Ferry fares")
    assert (
        b"Ferry fares"
        in admin_client_role.get(reverse("admin:annotations_article_changelist")).content
    )
    change = admin_client_role.get(reverse("admin:annotations_article_change", args=[article.pk]))
    assert change.status_code == 200
    assert article.current_revision.content_hash.encode() in change.content
    assert b'name="revisions-0-text"' not in change.content


def test_articles_cannot_be_added_or_deleted_in_the_admin(admin_client_role):
    article = distinct_article()
    assert admin_client_role.get(reverse("admin:annotations_article_add")).status_code == 403
    delete = reverse("admin:annotations_article_delete", args=[article.pk])
    assert admin_client_role.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_renaming_an_article_in_the_admin_updates_search(admin_client_role):
    article = distinct_article(title="Old name", publisher="Ledger", url="")
    admin_client_role.post(
        reverse("admin:annotations_article_change", args=[article.pk]),
        {
            "title": "Lighthouse restored",
            "publisher": "Ledger",
            "author": "",
            "url": "",
            "published_on": "",
            "language": "",
            "revisions-TOTAL_FORMS": "1",
            "revisions-INITIAL_FORMS": "1",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "1000",
            "revisions-0-id": str(article.current_revision.pk),
            "revisions-0-article": str(article.pk),
        },
    )
    matches = Article.objects.filter(search_vector=SearchQuery("lighthouse", config="english"))
    assert list(matches) == [article]


def test_admins_curate_the_controlled_tag_list(admin_client_role):
    admin_client_role.post(
        reverse("admin:annotations_tag_add"),
        {"name": "statistics", "is_controlled": "on", "description": "Numbers and figures."},
    )
    tag = Tag.objects.get(name="statistics")
    assert tag.is_controlled and tag.description == "Numbers and figures."


def test_tag_list_shows_whether_each_tag_is_controlled(admin_client_role):
    TagFactory(name="economy", is_controlled=True)
    response = admin_client_role.get(reverse("admin:annotations_tag_changelist"))
    assert b"economy" in response.content
