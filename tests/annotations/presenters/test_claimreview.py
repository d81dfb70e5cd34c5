"""schema.org ClaimReview: the fields search engines require, the rating scale, and JSON that
is safe inside a <script> element."""

from __future__ import annotations

import pytest
from django.test import override_settings

from annotations.presenters.base import Site
from annotations.presenters.claimreview import claim_to_claimreview
from annotations.workflow import Verdict
from tests.factories import ROW_TIME, export_article, export_row

SITE = Site.at("https://corroborate.example.org")


def test_a_claimreview_has_every_required_field():
    review = claim_to_claimreview(export_row(id=42, text="Cargo rose by 12 percent."), SITE)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Cargo rose by 12 percent."
    assert review["url"] == "https://corroborate.example.org/factchecks/42/"
    assert review["datePublished"] == ROW_TIME.date().isoformat()
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    assert review["reviewRating"]["@type"] == "Rating"
    assert review["reviewRating"]["alternateName"]
    assert review["itemReviewed"]["@type"] == "Claim"


@pytest.mark.parametrize(
    ("verdict", "rating"),
    [
        (Verdict.TRUE, 5),
        (Verdict.MOSTLY_TRUE, 4),
        (Verdict.MIXED, 3),
        (Verdict.MOSTLY_FALSE, 2),
        (Verdict.FALSE, 1),
    ],
)
def test_the_rating_places_the_verdict_on_the_five_to_one_scale(verdict, rating):
    review_rating = claim_to_claimreview(export_row(verdict=verdict), SITE)["reviewRating"]
    assert review_rating == {
        "@type": "Rating",
        "ratingValue": rating,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": verdict.label,
        "name": verdict.label,
    }


def test_an_unproven_claim_is_a_textual_rating_without_a_scale():
    review_rating = claim_to_claimreview(export_row(verdict=Verdict.UNPROVEN), SITE)["reviewRating"]
    assert review_rating == {"@type": "Rating", "alternateName": "Unproven", "name": "Unproven"}


@pytest.mark.parametrize(
    ("text", "reviewed"),
    [
        ("Cargo rose\nby 12   percent.\t", "Cargo rose by 12 percent."),
        ("word " * 30, "word " * 14 + "word…"),
        ("x" * 200, "x" * 74 + "…"),
    ],
)
def test_the_claim_reviewed_is_one_line_of_at_most_75_characters(text, reviewed):
    claim_text = claim_to_claimreview(export_row(text=text), SITE)["claimReviewed"]
    assert claim_text == reviewed
    assert len(claim_text) <= 75


def _appearance(url: str) -> dict[str, object]:
    review = claim_to_claimreview(export_row(article=export_article(url=url)), SITE)
    return review["itemReviewed"]["appearance"]


def test_the_articles_url_is_sent_as_a_uri():
    appearance = _appearance("https://news.example.org/häfen/<2025>")
    assert appearance["url"] == "https://news.example.org/h%C3%A4fen/%3C2025%3E"


def test_an_article_url_that_cannot_be_a_uri_is_left_out():
    assert "url" not in _appearance("https://news.example.org/a\\b")


def test_the_claim_appears_in_the_article_with_its_author_and_date():
    item = claim_to_claimreview(export_row(), SITE)["itemReviewed"]
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "headline": "Harbour traffic report",
        "url": "https://news.example.org/harbour",
        "publisher": {"@type": "Organization", "name": "Coastal Ledger"},
    }
    assert item["author"] == {"@type": "Person", "name": "Mara Quill"}
    assert item["datePublished"] == "2025-02-28"


def test_what_is_not_known_about_the_article_is_left_out():
    article = export_article(url="", publisher="", author="", published_on=None)
    item = claim_to_claimreview(export_row(article=article), SITE)["itemReviewed"]
    assert item == {
        "@type": "Claim",
        "appearance": {"@type": "CreativeWork", "headline": "Harbour traffic report"},
    }


@override_settings(FACTCHECK_ORGANIZATION_URL="")
def test_an_organisation_without_a_url_of_its_own_is_at_the_sites_address():
    author = claim_to_claimreview(export_row(), Site.at("https://desk.example.org/"))["author"]
    assert author["url"] == "https://desk.example.org"


@override_settings(
    FACTCHECK_ORGANIZATION_NAME="Harbour Truth Desk",
    FACTCHECK_ORGANIZATION_URL="https://truth.example.org/",
)
def test_the_organisation_comes_from_the_settings():
    author = claim_to_claimreview(export_row(), Site.at("https://x.example"))["author"]
    assert author["name"] == "Harbour Truth Desk"
    assert author["url"] == "https://truth.example.org/"
