"""Issue 14 without a browser: what the claim and review pages offer, the words they use, the
publishing paths, duplicates, deleting a cited article and the dashboard's figures."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.anchoring import quote_in_context
from annotations.models import Claim, ReviewEvent
from annotations.selectors.review import review_dashboard
from annotations.services.articles import title_from_text
from annotations.services.review import claim_transition
from annotations.templatetags.review_tags import time_ago
from annotations.workflow import Action, ClaimStatus
from sources.models import Citation
from tests.factories import (
    ArticleFactory,
    PassageCitationFactory,
    UserFactory,
    claim_in,
    reviewer_factory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# Titles and quotes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Fares rose. Then they fell.", "Fares rose."),
        ("The U.S. economy grew. More", "The U.S. economy grew."),
        ('He said "Stop." Then left.', 'He said "Stop."'),
        ("A first line without an end\nSecond line.", "A first line without an end"),
        ("word " * 40, ("word " * 24).strip() + "…"),
    ],
)
def test_an_untitled_text_is_titled_by_its_first_sentence_cut_at_a_word(text, title):
    assert title_from_text(text) == title
    assert len(title_from_text(text)) <= 121  # 120 characters and the ellipsis


def test_the_upload_form_proposes_the_title_while_none_is_typed(editor_client):
    url = reverse("article-title-suggestion")
    proposed = soup(editor_client.post(url, {"text": "Fares rose. Then they fell."}, **HTMX))
    assert proposed.select_one("input[name=title]")["value"] == "Fares rose."
    typed = soup(
        editor_client.post(url, {"text": "Fares rose.", "title": "My own", "suggested_title": ""})
    )
    assert typed.select_one("input[name=title]")["value"] == "My own"


def test_quote_context_starts_and_ends_at_word_boundaries():
    quote = quote_in_context(
        prefix="ring. The port authority said ",
        exact="cargo",
        suffix=" grew in the first quar",
        start=80,
        end=85,
        text_length=400,
    )
    assert (quote.before, quote.after) == ("The port authority said ", " grew in the first")
    assert quote.more_before and quote.more_after


def test_quote_context_stays_within_the_quotes_paragraph():
    quote = quote_in_context(
        prefix="End of one.\n\nStart of ", exact="this", suffix=".\n\nNext", start=23, end=27
    )
    assert (quote.before, quote.after) == ("Start of ", ".")
    assert not quote.more_before and not quote.more_after


# The claim and review pages -----------------------------------------------------------------


def test_a_verified_claim_links_to_its_public_page_from_the_claim_and_review_pages():
    claim = claim_in(ClaimStatus.VERIFIED)
    client = client_for(UserFactory())
    for name in ("claim-detail", "review-claim"):
        page = soup(client.get(reverse(name, args=[claim.pk])))
        link = page.find("a", string="Public fact-check page")
        assert link["href"] == reverse("factcheck-detail", args=[claim.pk])


def test_the_review_page_offers_only_the_keys_that_act():
    reviewer = reviewer_factory()
    waiting = claim_in(ClaimStatus.SUBMITTED)
    keys = soup(client_for(reviewer).get(reverse("review-claim", args=[waiting.pk])))
    assert keys.select_one(".review-shortcuts").get_text(" ", strip=True) == "Keys: n next claim"


def test_a_reviewer_hands_back_a_claim_they_took_and_it_returns_to_the_queue():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "hand-back"]),
        {"version": claim.version, "page": "review"},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to) == ("submitted", None)
    event = ReviewEvent.objects.get(claim=claim)
    assert (event.action, event.actor) == (Action.HAND_BACK.value, reviewer)
    assert "Take for review" in response.content.decode()


def test_only_the_holder_hands_a_claim_back_and_nothing_changes_otherwise():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    other = reviewer_factory()
    response = client_for(other).post(
        reverse("api-claim-hand-back", args=[claim.pk]), content_type="application/json"
    )
    assert response.status_code == 409
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert not ReviewEvent.objects.filter(claim=claim).exists()


def test_a_concurrent_change_is_refused_with_what_changed_and_a_reload_link():
    reviewer = reviewer_factory()
    claim = claim_in(ClaimStatus.SUBMITTED, conflicting=1)
    seen_version = claim.version
    claim_transition(user=reviewer_factory(), claim=claim, action=Action.TAKE)
    response = client_for(reviewer).post(
        reverse("review-claim-action", args=[claim.pk, "take"]),
        {"version": seen_version, "seen_status": "submitted", "seen_citations": 1},
        **HTMX,
    )
    assert response.status_code == 412
    error = soup(response).select_one(".review-error")
    assert "Status: Submitted → In review." in error.get_text()
    assert error.find("a", string="Reload the page")


def test_the_claim_page_takes_the_same_queries_for_more_evidence(
    django_assert_num_queries, reviewer_client
):
    few = claim_in(ClaimStatus.SUBMITTED, citations=1)
    many = claim_in(ClaimStatus.SUBMITTED, citations=6)
    reviewer_client.get(reverse("claim-detail", args=[few.pk]))
    with CaptureQueriesContext(connection) as one:
        reviewer_client.get(reverse("claim-detail", args=[few.pk]))
    with django_assert_num_queries(len(one.captured_queries)):
        reviewer_client.get(reverse("claim-detail", args=[many.pk]))


# Duplicates -----------------------------------------------------------------------------------


def test_the_api_refuses_a_claim_that_repeats_one_with_409_naming_it(editor_client):
    article = ArticleFactory(text="The pier reopened on Saturday after repairs.")
    body = {
        "article": article.pk,
        "selector": {"type": "TextPositionSelector", "start": 4, "end": 8},
    }
    first = editor_client.post("/api/v1/claims/", body, content_type="application/json")
    again = editor_client.post("/api/v1/claims/", body, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["existing"] == first.json()["id"]
    assert Claim.objects.count() == 1
    kept = editor_client.post(
        "/api/v1/claims/", {**body, "allow_duplicate": True}, content_type="application/json"
    )
    assert kept.status_code == 201
    assert Claim.objects.count() == 2


def test_the_page_warns_of_a_duplicate_and_links_to_it(editor_client):
    article = ArticleFactory(text="The pier reopened on Saturday after repairs.")
    url = reverse("claim-create", args=[article.pk])
    data = {"start": 4, "end": 8, "exact": "pier", "text": "", "note": ""}
    editor_client.post(url, data, **HTMX)
    existing = Claim.objects.get()
    warned = editor_client.post(url, data, **HTMX)
    assert warned.status_code == 409
    page = soup(warned)
    assert page.find("a", href=reverse("claim-detail", args=[existing.pk]))
    assert page.select_one("input[name=allow_duplicate]")["form"] == "claim-form"
    assert editor_client.post(url, {**data, "allow_duplicate": "on"}, **HTMX).status_code == 200
    assert Claim.objects.count() == 2


# Deleting a cited article -------------------------------------------------------------------


def test_deleting_a_cited_article_explains_first_and_lists_the_citing_claims(admin_client_role):
    citation = PassageCitationFactory()
    cited = citation.cited_revision.article
    page = soup(admin_client_role.get(reverse("article-delete", args=[cited.pk])))
    notice = page.select_one(".article-delete .notice--warning")
    assert "cannot be deleted yet" in notice.get_text()
    assert notice.find("a", href=reverse("claim-detail", args=[citation.claim_id]))
    assert not page.find("button", string="Delete article")
    assert Citation.objects.filter(pk=citation.pk).exists()


# The dashboard and the words ------------------------------------------------------------------


def test_the_dashboards_reviewer_bars_are_the_tables_decisions():
    reviewer = reviewer_factory()
    for action in (Action.VERIFY, Action.REQUEST_CHANGES, Action.REJECT):
        claim = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
        claim_transition(
            user=reviewer, claim=claim, action=action, verdict="true", comment="Checked."
        )
    dashboard = review_dashboard()
    (row,) = dashboard.reviewers
    (bar,) = dashboard.decisions_per_reviewer
    assert (row.verified, row.changes_requested, row.rejected, row.decisions) == (1, 1, 1, 3)
    assert bar.value == row.decisions == 3


def test_times_read_just_now_under_a_minute():
    assert time_ago(timezone.now()) == "just now"
    assert time_ago(timezone.now() - timedelta(minutes=5)) == "5\xa0minutes ago"


def test_the_public_page_quotes_the_article_and_does_not_link_to_sign_in(settings):
    settings.FACTCHECK_ORGANIZATION_URL = ""
    claim = claim_in(ClaimStatus.VERIFIED, text="A restatement by the editor.")
    page = soup(Client().get(reverse("factcheck-detail", args=[claim.pk])))
    assert page.select_one("h1").get_text() == f"“{claim.exact}”"
    footer = page.select_one(".factcheck__footer, .factcheck footer") or page
    assert not footer.find("a", string="Corroborate newsroom")


def test_the_search_hint_marks_its_operators_as_code(reader_client):
    hint = soup(reader_client.get(reverse("article-list"))).select_one("#search-help")
    assert [code.get_text() for code in hint.find_all("code")] == ['"quotes"', "-word", "or"]


def test_a_claim_that_is_no_longer_open_says_so_in_plain_words(editor_client):
    claim = claim_in(ClaimStatus.SUBMITTED)
    response = editor_client.get(reverse("claim-edit", args=[claim.pk]))
    html = response.content.decode()
    assert "while it is a draft or has changes requested" in html
    assert "is changes requested" not in html
