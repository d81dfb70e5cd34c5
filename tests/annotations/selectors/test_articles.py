"""The article list's relevance search: the newest RANKED_MATCHES_MAX matches, best first."""

from pathlib import Path

import pytest

from annotations.api.articles import ArticleListView
from annotations.selectors import articles as selectors
from annotations.selectors.articles import ArticleFilters, ArticleSort, RankedArticles, article_list
from tests.factories import indexed_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked_at_most_three(monkeypatch):
    monkeypatch.setattr(selectors, "RANKED_MATCHES_MAX", 3)


def _titles(articles) -> list[str]:
    return [article.title for article in articles]


def test_relevance_ranks_every_match_up_to_the_bound(ranked_at_most_three):
    indexed_article(title="Ferry timetable", text="The ferry sails twice a day.")
    indexed_article(title="Harbour dues", text="Ferry operators pay harbour dues.")
    indexed_article(title="Ferry fares", text="Ferry fares for the ferry rise; the ferry is full.")
    indexed_article(title="Library", text="Opening hours extended.")
    ranked = article_list(filters=ArticleFilters(query="ferry"))

    assert isinstance(ranked, RankedArticles)
    assert ranked.count() == len(ranked) == 3
    assert not ranked.more
    # Title matches first, the most mentions first among them.
    assert _titles(ranked) == ["Ferry fares", "Ferry timetable", "Harbour dues"]
    assert _titles(ranked[1:3]) == ["Ferry timetable", "Harbour dues"]
    assert ranked[0].title == "Ferry fares"


def test_beyond_the_bound_only_the_newest_matches_are_ranked(ranked_at_most_three):
    indexed_article(title="Ferry fares", text="The oldest: ferry, ferry, ferry.")
    for number in range(4):
        indexed_article(title=f"Notice {number}", text=f"Notice {number} mentions the ferry.")
    ranked = article_list(filters=ArticleFilters(query="ferry"))

    assert ranked.more
    assert ranked.count() == 3
    # Equal ranks: newest first. The oldest match, the best, is not among the ranked.
    assert _titles(ranked) == ["Notice 3", "Notice 2", "Notice 1"]


def test_sorted_by_date_a_search_lists_every_match(ranked_at_most_three):
    for number in range(5):
        indexed_article(title=f"Notice {number}", text=f"The ferry is late ({number}).")
    newest = article_list(filters=ArticleFilters(query="ferry", sort=ArticleSort.NEWEST))

    assert newest.count() == 5
    assert _titles(newest) == [f"Notice {number}" for number in range(4, -1, -1)]


def test_ranked_articles_carry_the_lists_annotations():
    indexed_article(title="Ferry fares", text="Ferry fares rise.")
    [article] = article_list(filters=ArticleFilters(query="fares"))
    assert (article.claim_count, article.verified_claim_count, article.revision_number) == (0, 0, 1)
    assert article.excerpt.startswith("Ferry fares rise")
    assert "\ue000" in article.headline


def test_the_documented_bound_is_the_codes():
    root = Path(__file__).resolve().parents[3]
    bound = f"newest {selectors.RANKED_MATCHES_MAX}"
    assert bound in " ".join(ArticleListView.__doc__.split())
    assert bound in (root / "docs" / "api.md").read_text()
    assert f"the {selectors.RANKED_MATCHES_MAX} newest uploads" in " ".join(
        (root / "README.md").read_text().split()
    )
