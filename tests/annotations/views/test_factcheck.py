"""The public fact-check page: anyone may read a verified claim's verdict and evidence, and the
page carries its ClaimReview markup safely."""

from __future__ import annotations

import json

import extruct
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CitationFactory,
    OwnArticleClaimFactory,
    PasswordlessUserFactory,
    SourceFactory,
    TagFactory,
    VerifiedClaimFactory,
    distinct_article,
)

pytestmark = pytest.mark.django_db


def page_of(client, claim):
    return client.get(reverse("factcheck-detail", args=[claim.pk]))


def claimreview_in(response) -> dict:
    soup = BeautifulSoup(response.content, "html.parser")
    [script] = soup.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_an_anonymous_visitor_reads_a_verified_claims_fact_check(client):
    claim = VerifiedClaimFactory(text="Cargo volumes rose by 12 percent.", verdict="mixed")
    response = page_of(client, claim)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Cargo volumes rose by 12 percent." in text
    assert "Mixed" in text
    assert "Partly accurate and partly inaccurate" in text


def test_the_page_shows_the_quote_reviewer_date_and_evidence(client):
    reviewer = PasswordlessUserFactory(first_name="Ines", last_name="Okafor")
    claim = VerifiedClaimFactory(verified_by=reviewer, tags=[TagFactory(name="shipping")])
    source = SourceFactory(name="Port Statistics Office", reliability="mixed")
    CitationFactory(claim=claim, source=source, stance="conflicts", title="Annual port statistics")
    soup = BeautifulSoup(page_of(client, claim).content, "html.parser")
    assert soup.find("mark").get_text() == claim.exact
    byline = soup.select_one(".factcheck__byline").get_text(" ", strip=True)
    assert "Ines Okafor" in byline
    assert soup.select_one(".factcheck__byline time")["datetime"].startswith(
        timezone.localdate(claim.verified_at).isoformat()
    )
    evidence = soup.select_one(".evidence-group--conflicts").get_text(" ", strip=True)
    assert "Annual port statistics" in evidence
    assert "Port Statistics Office" in evidence
    assert "Mixed reliability" in evidence
    assert "shipping" in soup.select_one(".factcheck__tags").get_text()


def test_the_page_carries_the_claims_claimreview(client):
    claim = VerifiedClaimFactory(verdict="false")
    review = claimreview_in(page_of(client, claim))
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["url"] == f"http://testserver{reverse('factcheck-detail', args=[claim.pk])}"


def test_a_claim_that_is_not_verified_has_no_fact_check_page(client):
    claim = OwnArticleClaimFactory(status="submitted", submitted_at=timezone.now())
    assert page_of(client, claim).status_code == 404


def test_a_claim_that_does_not_exist_has_no_fact_check_page(client):
    assert client.get(reverse("factcheck-detail", args=[987654])).status_code == 404


def test_a_script_in_the_claim_cannot_break_out_of_the_markup(client):
    hostile = "</script><script>alert(1)</script><!-- & more"
    claim = VerifiedClaimFactory(text=hostile)
    response = page_of(client, claim)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    soup = BeautifulSoup(response.content, "html.parser")
    inline_scripts = [tag for tag in soup.find_all("script") if not tag.get("src")]
    assert [tag.get("type") for tag in inline_scripts] == ["application/ld+json"]
    assert claimreview_in(response)["claimReviewed"] == hostile
    assert soup.select_one(".factcheck__restated").get_text() == f"In short: {hostile}"


def test_signed_in_users_get_a_link_to_the_claim_in_the_app(reader_client):
    claim = VerifiedClaimFactory()
    response = page_of(reader_client, claim)
    assert reverse("claim-detail", args=[claim.pk]).encode() in response.content


def test_anonymous_visitors_get_no_link_into_the_app(client):
    claim = VerifiedClaimFactory()
    response = page_of(client, claim)
    assert reverse("claim-detail", args=[claim.pk]).encode() not in response.content


# As a crawler reads it ------------------------------------------------------------------------


def _crawled_claimreviews(client, claim) -> list[dict]:
    """The ClaimReviews extruct finds in the page's embedded JSON-LD, as a search engine would."""
    response = page_of(client, claim)
    url = f"http://testserver{reverse('factcheck-detail', args=[claim.pk])}"
    found = extruct.extract(response.content.decode(), base_url=url, syntaxes=["json-ld"])
    return [item for item in found["json-ld"] if item.get("@type") == "ClaimReview"]


@pytest.mark.parametrize("verdict", ["true", "mostly_false", "unproven"])
def test_a_crawler_finds_one_claimreview_with_googles_required_and_recommended_fields(
    client, verdict
):
    article = distinct_article(
        url="https://news.example.org/h%C3%A4fen/%3C2025%3E",
        publisher="Coastal Ledger",
        author="Mara Quill",
        published_on=timezone.localdate(),
    )
    claim = VerifiedClaimFactory(
        article=article, verdict=verdict, text="Cargo volumes\nrose by 12 percent " + "a" * 80
    )

    [review] = _crawled_claimreviews(client, claim)

    page_url = f"http://testserver{reverse('factcheck-detail', args=[claim.pk])}"
    assert review["@context"] == "https://schema.org"
    assert review["url"] == page_url
    assert "\n" not in review["claimReviewed"] and len(review["claimReviewed"]) <= 75
    assert review["claimReviewed"].startswith("Cargo volumes rose by 12 percent")
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["datePublished"] == timezone.localdate(claim.verified_at).isoformat()
    rating = review["reviewRating"]
    assert rating["alternateName"] == rating["name"] == claim.verdict_enum.label
    numeric = claim.verdict_enum.rating_value
    if numeric is None:  # a textual rating: no value and no scale
        assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)
    else:
        assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
            numeric,
            5,
            1,
        )
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Mara Quill"}
    assert item["datePublished"] == article.published_on.isoformat()
    assert item["appearance"]["url"] == "https://news.example.org/h%C3%A4fen/%3C2025%3E"
