"""The desk's pages after a correction: the summary, its decisions, the notice and the queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Claim, ClaimCorrection, Resolution
from annotations.services.articles import ArticleContent, article_revision_create
from annotations.workflow import ClaimStatus
from tests.factories import ArticleFactory, UserFactory, claim_in, editor_factory

pytestmark = pytest.mark.django_db

LEAD = "The harbour authority said on Monday that cargo volumes rose by 12 percent last year."
BERTH = "Officials credited the new deep-water berth, opened in March, for most of the growth."
CRITICS = "Critics on the town council argued that the figures overstate real trade."
FIRST = "\n\n".join([LEAD, BERTH, CRITICS])
CORRECTED = "\n\n".join([LEAD.replace("12 percent", "14 percent"), CRITICS])


@pytest.fixture
def article(editor):
    return ArticleFactory(text=FIRST, uploaded_by=editor)


def claim_on(article, quote: str, status: ClaimStatus = ClaimStatus.DRAFT) -> Claim:
    start = article.current_revision.text.index(quote)
    return claim_in(status, article=article, start=start, end=start + len(quote))


def revise(article, text: str = CORRECTED) -> None:
    article_revision_create(
        user=editor_factory(), article=article, content=ArticleContent(text, "text")
    )


def summary_url(article, number: int = 2) -> str:
    return reverse("article-corrections", args=[article.pk, number])


@pytest.fixture
def corrected(article):
    """The article after a correction: one claim changed, one orphaned, one followed."""
    changed = claim_on(article, "cargo volumes rose by 12 percent", ClaimStatus.VERIFIED)
    orphaned = claim_on(article, "for most of the growth")
    followed = claim_on(article, "the figures overstate real trade")
    revise(article)
    return {"changed": changed, "orphaned": orphaned, "followed": followed}


# Adding a revision through the page -------------------------------------------------------------


def test_adding_a_revision_lands_the_editor_on_the_corrections_summary(editor_client, article):
    claim_on(article, "cargo volumes rose by 12 percent")

    response = editor_client.post(
        reverse("article-revisions", args=[article.pk]), {"text": CORRECTED}
    )

    assert response.status_code == 302
    assert response["Location"] == summary_url(article)


def test_adding_a_revision_to_an_article_without_claims_returns_to_the_article(
    editor_client, article
):
    response = editor_client.post(
        reverse("article-revisions", args=[article.pk]), {"text": CORRECTED}
    )

    assert response["Location"] == reverse("article-detail", args=[article.pk])


# The summary ------------------------------------------------------------------------------------


def test_the_summary_counts_each_outcome(editor_client, article, corrected):
    response = editor_client.get(summary_url(article))

    counts = response.context["summary"]
    assert (counts.anchored_count, len(counts.changed), len(counts.orphaned)) == (1, 1, 1)
    assert counts.waiting == 2
    assert counts.verified_waiting == 1
    assert b"Followed the text</dt><dd>1</dd>" in response.content


def test_the_summary_shows_old_and_new_wording_side_by_side(editor_client, article, corrected):
    content = editor_client.get(summary_url(article)).content.decode()

    assert "cargo volumes rose by <del>12</del> percent" in content
    assert "cargo volumes rose by <ins>14</ins> percent" in content
    assert "Confirm the new span" in content
    assert "Keep on the old revision" in content


def test_the_summary_tells_the_desk_a_verified_claim_stays_verified(
    editor_client, article, corrected
):
    content = editor_client.get(summary_url(article)).content.decode()

    assert "1 of them is verified: it stays verified, and in the export" in content


def test_a_reader_sees_the_summary_without_the_decisions(client, article, corrected):
    client.force_login(UserFactory())

    content = client.get(summary_url(article)).content.decode()

    assert "Confirm the new span</button>" not in content
    assert "Waiting for an editor to decide." in content


def test_the_summary_of_a_revision_that_does_not_exist_is_a_404(editor_client, article):
    response = editor_client.get(summary_url(article, number=9))

    assert response.status_code == 404


def test_the_summary_takes_the_same_queries_for_few_or_many_claims(editor_client, editor):
    def queries_for(count: int) -> int:
        article = ArticleFactory(text=f"{FIRST}\n\nEdition {count}.", uploaded_by=editor)
        for _ in range(count):
            claim_on(article, "cargo volumes rose by 12 percent")
            claim_on(article, "for most of the growth")
        revise(article, f"{CORRECTED}\n\nEdition {count}.")
        with CaptureQueriesContext(connection) as context:
            editor_client.get(summary_url(article))
        return len(context)

    assert queries_for(2) == queries_for(10)


# Deciding ---------------------------------------------------------------------------------------


def test_confirming_without_htmx_moves_the_claim_and_returns_to_the_summary(
    editor_client, article, corrected
):
    claim = corrected["changed"]

    response = editor_client.post(
        reverse("claim-correction-confirm", args=[claim.pk]), {"version": claim.version}
    )

    assert response["Location"] == summary_url(article)
    claim.refresh_from_db()
    assert (claim.revision.number, claim.status) == (2, "submitted")


def test_confirming_with_htmx_answers_with_the_row_and_the_counts(
    editor_client, article, corrected
):
    claim = corrected["changed"]

    response = editor_client.post(
        reverse("claim-correction-confirm", args=[claim.pk]),
        {"version": claim.version},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="correction-{claim.pk}"' in content
    assert "New span confirmed by" in content
    assert 'id="correction-counts" aria-label="What the correction did to the claims" ' in content
    assert 'hx-swap-oob="true"' in content
    assert "1 claim waits for a decision." in content
    assert "sent it back to review" in content
    assert "cargo volumes rose by <del>12</del> percent" in content  # still the old wording


def test_keeping_with_htmx_says_who_kept_it(editor_client, editor, article, corrected):
    claim = corrected["orphaned"]

    response = editor_client.post(
        reverse("claim-correction-keep", args=[claim.pk]),
        {"version": claim.version},
        headers={"HX-Request": "true"},
    )

    assert "Kept on the old revision by" in response.content.decode()
    assert ClaimCorrection.objects.get(claim=claim).resolution == Resolution.KEPT


def test_a_reviewer_cannot_decide_and_nothing_changes(reviewer_client, article, corrected):
    claim = corrected["changed"]

    response = reviewer_client.post(reverse("claim-correction-confirm", args=[claim.pk]))

    assert response.status_code == 403
    assert ClaimCorrection.objects.get(claim=claim).resolution == Resolution.PENDING


def test_a_stale_version_is_refused_with_a_412(editor_client, article, corrected):
    claim = corrected["changed"]

    response = editor_client.post(
        reverse("claim-correction-keep", args=[claim.pk]), {"version": claim.version - 1}
    )

    assert response.status_code == 412
    assert ClaimCorrection.objects.get(claim=claim).resolution == Resolution.PENDING


# The article page and the queue ------------------------------------------------------------------


def test_the_article_page_says_when_claims_wait_on_a_correction(editor_client, article, corrected):
    content = editor_client.get(reverse("article-detail", args=[article.pk])).content.decode()

    assert "2 claims are waiting on a correction of this article." in content
    assert summary_url(article) in content


def test_the_article_page_says_nothing_when_nothing_waits(editor_client, article):
    content = editor_client.get(reverse("article-detail", args=[article.pk])).content.decode()

    assert "waiting on a correction" not in content


def test_the_queue_lists_waiting_claims_across_articles(editor_client, editor, article, corrected):
    other = ArticleFactory(text=f"{FIRST}\n\nAnother paper.", uploaded_by=editor)
    elsewhere = claim_on(other, "for most of the growth")
    revise(other, f"{CORRECTED}\n\nAnother paper.")

    response = editor_client.get(reverse("corrections-queue"))

    listed = [c.claim_id for c in response.context["page"].object_list]
    assert listed == [corrected["changed"].pk, corrected["orphaned"].pk, elsewhere.pk]
    assert "3 claims waiting." in response.content.decode()


def test_the_queue_says_when_nothing_waits(editor_client):
    response = editor_client.get(reverse("corrections-queue"))

    assert "Nothing is waiting" in response.content.decode()
