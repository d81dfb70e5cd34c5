import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.template.loader import render_to_string

from sources.selectors.evidence import evidence_summaries, evidence_summary
from sources.templatetags.evidence import evidence_summary_html
from sources.vocabulary import Reliability, Stance
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ClaimFactory,
    PassageCitationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    return {
        level: SourceFactory(reliability=level.value, domain=f"{level.value}.example")
        for level in Reliability
    }


def test_the_summary_counts_citations_by_stance(sources):
    claim = ClaimFactory()
    for stance in ("corroborates", "corroborates", "conflicts", "context"):
        CitationFactory(claim=claim, stance=stance, source=sources[Reliability.HIGH])
    summary = evidence_summary(claim_id=claim.pk)
    assert (summary.corroborating, summary.conflicting, summary.context, summary.total) == (
        2,
        1,
        1,
        4,
    )


def test_the_summary_counts_citations_by_source_reliability(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, source=sources[Reliability.HIGH])
    CitationFactory(claim=claim, source=sources[Reliability.HIGH], stance="conflicts")
    CitationFactory(claim=claim, source=sources[Reliability.LOW])
    summary = evidence_summary(claim_id=claim.pk)
    assert [(tally.reliability, tally.count) for tally in summary.reliabilities] == [
        (Reliability.HIGH, 2),
        (Reliability.LOW, 1),
    ]


def test_the_summary_counts_by_stance_or_by_reliability_not_both(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="conflicts", source=sources[Reliability.MIXED])
    CitationFactory(claim=claim, stance="corroborates", source=sources[Reliability.MIXED])
    summary = evidence_summary(claim_id=claim.pk)
    assert summary.count(stance=Stance.CONFLICTS) == 1
    assert summary.count(reliability=Reliability.MIXED) == 2
    assert summary.count() == 2
    with pytest.raises(ValueError):
        summary.count(stance=Stance.CONFLICTS, reliability=Reliability.MIXED)


def test_the_summary_totals_each_stance_and_level_in_vocabulary_order(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="conflicts", source=sources[Reliability.LOW])
    CitationFactory(claim=claim, stance="corroborates", source=sources[Reliability.HIGH])
    CitationFactory(claim=claim, stance="corroborates", source=sources[Reliability.LOW])
    # corroborates, conflicts, context; high, mixed, low, unknown
    assert evidence_summary(claim_id=claim.pk).totals == ((2, 1, 0), (1, 0, 2, 0))


def test_a_cited_article_without_a_source_counts_as_unknown_reliability():
    claim = ClaimFactory()
    PassageCitationFactory(claim=claim)
    summary = evidence_summary(claim_id=claim.pk)
    assert summary.count(reliability=Reliability.UNKNOWN) == 1


def test_a_claim_without_evidence_gets_an_empty_summary():
    claim = ClaimFactory()
    summary = evidence_summary(claim_id=claim.pk)
    assert summary.total == 0
    assert [tally.count for tally in summary.stances] == [0, 0, 0]


def test_summaries_of_many_claims_take_one_query(django_assert_num_queries, sources):
    article = ArticleFactory()
    claims = [ClaimFactory(article=article) for _ in range(4)]
    for claim in claims[:3]:
        CitationFactory(claim=claim, source=sources[Reliability.HIGH])
        CitationFactory(claim=claim, source=sources[Reliability.LOW], stance="conflicts")
    with django_assert_num_queries(1):
        summaries = evidence_summaries(claim_ids=[claim.pk for claim in claims])
    assert [summaries[claim.pk].total for claim in claims] == [2, 2, 2, 0]


def test_no_claims_need_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert evidence_summaries(claim_ids=[]) == {}


def test_the_summary_partial_reads_without_colour(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="corroborates", source=sources[Reliability.HIGH])
    CitationFactory(claim=claim, stance="conflicts", source=sources[Reliability.LOW])
    html = render_to_string(
        "sources/partials/evidence_summary.html", {"summary": evidence_summary(claim_id=claim.pk)}
    )
    text = " ".join(html.split())
    assert "1 corroborating" in text
    assert "1 conflicting" in text
    assert "0 context" in text
    assert "Sources: 1 high, 1 low reliability" in text


def test_the_summary_partial_says_when_there_is_no_evidence():
    html = render_to_string(
        "sources/partials/evidence_summary.html",
        {"summary": evidence_summary(claim_id=ClaimFactory().pk)},
    )
    assert "No evidence yet" in html


def test_a_list_page_picks_each_claims_summary_in_the_template(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="context", source=sources[Reliability.MIXED])
    template = Template(
        '{% load evidence %}{% include "sources/partials/evidence_summary.html" '
        "with summary=summaries|summary_for:claim.pk %}"
    )
    summaries = evidence_summaries(claim_ids=[claim.pk])
    html = template.render(Context({"summaries": summaries, "claim": claim}))
    assert "1 context" in " ".join(html.split())


def test_a_stance_without_citations_is_marked_as_none(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="corroborates", source=sources[Reliability.HIGH])
    html = BeautifulSoup(evidence_summary_html(evidence_summary(claim_id=claim.pk)), "html.parser")
    assert [" ".join(tally["class"]) for tally in html.select(".tally")] == [
        "tally stance--corroborates",
        "tally stance--conflicts tally--none",
        "tally stance--context tally--none",
    ]


def test_the_icons_are_hidden_from_screen_readers_which_read_the_words(sources):
    claim = ClaimFactory()
    CitationFactory(claim=claim, stance="conflicts", source=sources[Reliability.LOW])
    html = BeautifulSoup(evidence_summary_html(evidence_summary(claim_id=claim.pk)), "html.parser")
    assert [icon.get_text() for icon in html.select("[aria-hidden=true]")] == ["✓", "✗", "ℹ"]
    assert html.select_one(".visually-hidden").get_text() == "Evidence: "


def test_a_claim_missing_from_the_summaries_reads_as_without_evidence():
    assert "No evidence yet" in evidence_summary_html(None)
