"""The demo articles: uploaded through the service, in every format, loadable twice."""

import pytest

from annotations.demo_articles import DEMO_ARTICLES, load_demo_articles
from annotations.models import Article

pytestmark = pytest.mark.django_db


def test_demo_articles_are_uploaded_in_every_format(editor):
    articles = load_demo_articles(uploader=editor)
    formats = {article.current_revision.source_format for article in articles}
    assert len(articles) == len(DEMO_ARTICLES)
    assert formats == {"text", "markdown", "html"}
    assert all(article.title and article.publisher for article in articles)


def test_html_demo_article_takes_its_metadata_from_the_page(editor):
    articles = load_demo_articles(uploader=editor)
    html_article = next(a for a in articles if a.current_revision.source_format == "html")
    assert html_article.author and html_article.published_on and html_article.url


def test_loading_the_demo_articles_twice_reuses_them(editor):
    first = load_demo_articles(uploader=editor)
    assert load_demo_articles(uploader=editor) == first
    assert Article.objects.count() == len(DEMO_ARTICLES)
