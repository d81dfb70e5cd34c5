"""The database constraints of articles and their revisions: each refuses a bad row."""

import pytest

from annotations.models import Article, ArticleRevision
from tests.constraints import assert_update_refused, named_constraints
from tests.factories import ArticleRevisionFactory, distinct_article

pytestmark = pytest.mark.django_db

TESTED = {
    "article_title_not_blank",
    "revision_number_unique",
    "revision_number_positive",
    "revision_text_not_blank",
    "revision_hash_sha256",
}


def test_every_named_constraint_of_articles_has_a_test():
    assert named_constraints(Article, ArticleRevision) == TESTED


def test_an_article_title_of_only_spaces_is_refused():
    assert_update_refused(distinct_article(), "article_title_not_blank", title=" \n\t")


def test_two_revisions_of_one_article_may_not_share_a_number():
    article = distinct_article()
    second = ArticleRevisionFactory(article=article, text="A corrected text.")
    assert_update_refused(second, "revision_number_unique", number=1)


def test_a_revision_number_below_one_is_refused():
    assert_update_refused(distinct_article().current_revision, "revision_number_positive", number=0)


def test_a_revision_of_only_whitespace_is_refused():
    revision = distinct_article().current_revision
    assert_update_refused(revision, "revision_text_not_blank", text="  \n\n ")


def test_a_content_hash_that_is_not_a_sha256_hex_digest_is_refused():
    revision = distinct_article().current_revision
    assert_update_refused(revision, "revision_hash_sha256", content_hash="ABC" * 21 + "D")
