import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from sources.selectors.citations import incoming_citations_for_article
from tests.factories import ArticleRevisionFactory, CitationFactory, PassageCitationFactory

pytestmark = pytest.mark.django_db


def test_an_article_knows_the_claims_that_cite_it():
    citation = PassageCitationFactory()
    CitationFactory(claim=citation.claim)  # a web page is no article
    cited = citation.cited_revision.article
    assert list(incoming_citations_for_article(article_id=cited.pk)) == [citation]


def test_citations_of_older_revisions_count_too():
    citation = PassageCitationFactory()
    cited = citation.cited_revision.article
    ArticleRevisionFactory(article=cited, text="A corrected dock report.")
    assert list(incoming_citations_for_article(article_id=cited.pk)) == [citation]


def test_incoming_citations_take_one_query(django_assert_num_queries):
    first = PassageCitationFactory()
    cited = first.cited_revision.article
    PassageCitationFactory(
        claim__article=first.claim.article, cited_revision=first.cited_revision, stance="conflicts"
    )
    with django_assert_num_queries(1):
        citations = list(incoming_citations_for_article(article_id=cited.pk))
        titles = [citation.claim.article.title for citation in citations]
    assert len(titles) == 2


def test_incoming_citations_leave_the_cited_text_in_the_database():
    citation = PassageCitationFactory()
    cited = citation.cited_revision.article
    [loaded] = incoming_citations_for_article(article_id=cited.pk)
    assert {"text", "blocks"} <= loaded.cited_revision.get_deferred_fields()


def test_the_partial_names_the_citing_claim_article_and_stance():
    citation = PassageCitationFactory(stance="conflicts")
    cited = citation.cited_revision.article
    html = render_to_string(
        "sources/partials/article_incoming_citations.html",
        {
            "article": cited,
            "incoming_citations": incoming_citations_for_article(article_id=cited.pk),
        },
    )
    page = BeautifulSoup(html, "html.parser")
    item = page.select_one(".incoming-citation")
    assert "Cited as evidence by" in page.h2.text
    assert "Conflicts" in item.select_one(".stance").text
    assert item.find("a", href=reverse("claim-detail", args=[citation.claim_id]))
    assert item.find("a", href=reverse("article-detail", args=[citation.claim.article_id]))
    assert "Dock workers" in item.blockquote.text


def incoming_list(cited):
    html = render_to_string(
        "sources/partials/article_incoming_citations.html",
        {
            "article": cited,
            "incoming_citations": incoming_citations_for_article(article_id=cited.pk),
        },
    )
    return BeautifulSoup(html, "html.parser").select_one(".incoming-citation")


def test_the_partial_names_the_older_revision_a_citation_quotes():
    citation = PassageCitationFactory()
    cited = citation.cited_revision.article
    cited.current_revision = ArticleRevisionFactory(article=cited, text="A corrected dock report.")
    cited.save()
    assert "(revision 1)" in incoming_list(cited).blockquote.text


def test_the_partial_says_nothing_of_revisions_when_the_current_one_is_quoted():
    citation = PassageCitationFactory()
    assert "revision" not in incoming_list(citation.cited_revision.article).blockquote.text


def test_the_partial_shortens_a_long_claim_text_as_truncatechars_does():
    citation = PassageCitationFactory(claim__text="Dock <workers> " * 20)
    link = incoming_list(citation.cited_revision.article).find_all("a")[0]
    assert link.text == f"claim “{Truncator(citation.claim.text).chars(100)}”"


def test_the_partial_is_empty_without_incoming_citations():
    citation = CitationFactory()
    html = render_to_string(
        "sources/partials/article_incoming_citations.html",
        {"article": citation.claim.article, "incoming_citations": []},
    )
    assert html.strip() == ""
