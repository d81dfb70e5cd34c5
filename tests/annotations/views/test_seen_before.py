import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Claim, ClaimLink
from annotations.workflow import ClaimStatus
from sources.models import Citation
from tests.factories import article_with_text, claim_saying, editor_factory, reviewer_factory

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."
OTHER_WORDS = "Unemployment in Scotland fell to 4.1 per cent in the three months to March."
ANOTHER_FIGURE = "Unemployment in Scotland fell to 5.3% in the three months to March."
HTMX = {"HTTP_HX_REQUEST": "true"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def claim_page(claim) -> str:
    return reverse("claim-detail", args=[claim.pk])


# The claim page -----------------------------------------------------------------------------


def test_the_claim_page_lists_similar_claims_with_status_verdict_and_article(reader_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    page = reader_client.get(claim_page(claim)).content.decode()
    section = page[page.index('id="seen-before"') :]
    assert earlier.text in section
    assert "Verified" in section and "Verdict: <strong>True</strong>" in section
    assert earlier.article.title in section
    assert "Likely the same claim" in section
    assert "Same claim<span" not in section  # a reader may not link


def test_an_editor_sees_a_same_claim_button_on_a_draft(editor_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS)
    page = editor_client.get(claim_page(claim)).content.decode()
    assert f'name="same_as" value="{earlier.pk}"' in page


def test_the_claim_page_takes_the_same_queries_however_many_similar_and_linked_claims(
    editor_client,
):
    def queries(claim) -> int:
        editor_client.get(claim_page(claim))
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(claim_page(claim)).status_code == 200
        return len(captured)

    editor = editor_factory()

    def linked_to(claim, *wordings) -> None:
        for wording in wordings:
            other = claim_saying(wording, ClaimStatus.VERIFIED, citations=2)
            ClaimLink.objects.create(claim=claim, same_as=other, created_by=editor)

    pier = "The pier reopened on Saturday after a winter of repairs."
    one = claim_saying(pier)
    linked_to(one, pier.replace("Saturday", "Sunday"))
    claim = claim_saying(SENTENCE)
    linked_to(claim, OTHER_WORDS, ANOTHER_FIGURE, SENTENCE.replace("fell", "dropped"))
    claim_saying(SENTENCE.replace("Scotland", "Wales"))
    assert queries(claim) == queries(one)


# Linking from the page ----------------------------------------------------------------------


def test_an_editor_links_with_htmx_and_gets_the_section_back(editor_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    response = editor_client.post(
        reverse("claim-link", args=[claim.pk]),
        {"same_as": earlier.pk, "next": claim_page(claim)},
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card seen-before" id="seen-before"')
    assert f"Linked to claim {earlier.pk} as the same claim." in body
    assert "Linked as the same claim" in body and "Earlier verdict" in body
    assert ClaimLink.objects.filter(claim=claim, same_as=earlier).exists()


def test_an_editor_undoes_a_link_without_htmx_and_returns_to_the_page(editor_client, editor):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS)
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=editor)
    response = editor_client.post(
        reverse("claim-unlink", args=[claim.pk, earlier.pk]), {"next": claim_page(claim)}
    )
    assert (response.status_code, response["Location"]) == (302, claim_page(claim))
    assert not ClaimLink.objects.exists()


def test_a_refused_link_says_why_and_links_nothing(reader_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS)
    url = reverse("claim-link", args=[claim.pk])
    response = reader_client.post(url, {"same_as": earlier.pk}, **HTMX)
    assert response.status_code == 403
    assert "Only editors" in response.content.decode()
    assert reader_client.post(url, {"same_as": earlier.pk}).status_code == 403
    assert not ClaimLink.objects.exists()


def test_a_link_to_a_missing_claim_is_a_404(editor_client):
    claim = claim_saying(SENTENCE)
    response = editor_client.post(reverse("claim-link", args=[claim.pk]), {"same_as": "99999"})
    assert response.status_code == 404


# The claim dialog ---------------------------------------------------------------------------


def test_the_dialog_lists_claims_of_other_articles_like_the_quote(editor_client):
    claim = claim_saying(SENTENCE)
    earlier = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    response = editor_client.get(
        reverse("article-seen-before", args=[claim.article_id]),
        {"exact": SENTENCE, "text": ""},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert earlier.text in body and claim.text not in body.replace(earlier.text, "")
    # Fields of the claim form: saving the claim links it.
    assert f'<input type="checkbox" name="same_as" value="{earlier.pk}">' in body


def test_the_dialog_follows_the_restated_claim(editor_client):
    article = claim_saying("The pier reopened on Saturday after repairs.").article
    earlier = claim_saying(SENTENCE)
    response = editor_client.get(
        reverse("article-seen-before", args=[article.pk]),
        {"exact": "The pier reopened.", "text": OTHER_WORDS},
    )
    assert earlier.text in response.content.decode()


def test_the_dialog_says_when_nothing_is_similar(editor_client):
    article = claim_saying(SENTENCE).article
    response = editor_client.get(
        reverse("article-seen-before", args=[article.pk]), {"exact": "Swans nest by the pier."}
    )
    assert "No similar claims in other articles." in response.content.decode()


def test_the_dialog_keeps_the_boxes_ticked_as_the_text_changes(editor_client):
    article = claim_saying(ANOTHER_FIGURE).article
    earlier = claim_saying(SENTENCE)
    response = editor_client.get(
        reverse("article-seen-before", args=[article.pk]),
        {"exact": OTHER_WORDS, "text": "", "same_as": [str(earlier.pk)]},
    )
    assert f'name="same_as" value="{earlier.pk}" checked>' in response.content.decode()


def test_the_dialog_keeps_a_ticked_claim_the_new_text_no_longer_finds(editor_client):
    article = claim_saying(ANOTHER_FIGURE).article
    earlier = claim_saying(SENTENCE)
    response = editor_client.get(
        reverse("article-seen-before", args=[article.pk]),
        {"exact": "Swans nest by the pier.", "same_as": [str(earlier.pk), "x", "99999"]},
    )
    body = response.content.decode()
    assert "Ticked earlier as the same claim:" in body and earlier.text in body
    assert f'name="same_as" value="{earlier.pk}" checked>' in body
    assert 'value="99999"' not in body


# Saving the claim linked ---------------------------------------------------------------------


def _create(client, article, sentence: str, **fields):
    text = article.current_revision.text
    start = text.index(sentence)
    data = {"start": start, "end": start + len(sentence), "exact": sentence, **fields}
    return client.post(reverse("claim-create", args=[article.pk]), data, **HTMX)


def test_saving_the_dialog_creates_the_claim_linked_to_the_ticked_claims(editor_client, editor):
    earlier = claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)
    article = article_with_text(OTHER_WORDS)
    response = _create(editor_client, article, OTHER_WORDS, same_as=[str(earlier.pk)])
    assert response.status_code == 200
    link = ClaimLink.objects.get()
    assert (link.claim.article, link.same_as, link.created_by) == (article, earlier, editor)


def test_a_ticked_claim_that_cannot_be_linked_says_why_and_nothing_is_created(editor_client):
    article = article_with_text(f"{OTHER_WORDS} {ANOTHER_FIGURE}")
    same_article = claim_saying(ANOTHER_FIGURE, article=article)
    response = _create(editor_client, article, OTHER_WORDS, same_as=[str(same_article.pk)])
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#claim-form-errors"
    assert "Both claims are in the same article" in response.content.decode()
    assert list(Claim.objects.filter(article=article)) == [same_article]
    assert not ClaimLink.objects.exists()


def test_a_ticked_claim_that_is_not_a_number_is_refused_and_nothing_is_created(editor_client):
    article = article_with_text(OTHER_WORDS)
    response = _create(editor_client, article, OTHER_WORDS, same_as=["first"])
    assert response.status_code == 400
    assert "Same claim as: Choose claims by their number." in response.content.decode()
    assert not Claim.objects.exists()


# The reviewer's view of a linked claim ------------------------------------------------------


@pytest.fixture
def reviewing():
    """A claim in review by a reviewer, linked to a verified claim with two citations."""
    reviewer = reviewer_factory()
    earlier = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=2)
    claim = claim_saying(SENTENCE, ClaimStatus.IN_REVIEW, reviewer=reviewer)
    ClaimLink.objects.create(claim=claim, same_as=earlier, created_by=claim.created_by)
    return claim, earlier, reviewer


def test_the_reviewer_sees_the_earlier_verdict_and_its_evidence(reviewing):
    claim, earlier, reviewer = reviewing
    page = signed_in(reviewer).get(reverse("review-claim", args=[claim.pk])).content.decode()
    section = page[page.index('id="seen-before"') :]
    assert "Earlier verdict: <strong>True</strong>" in section
    for citation in earlier.citations.all():
        assert citation.title in section
    assert "Reuse this evidence" in section


def test_the_reviewer_reuses_the_evidence_in_one_action(reviewing):
    claim, earlier, reviewer = reviewing
    review_page = reverse("review-claim", args=[claim.pk])
    client = signed_in(reviewer)
    response = client.post(
        reverse("claim-reuse-evidence", args=[claim.pk, earlier.pk]), {"next": review_page}
    )
    assert (response.status_code, response["Location"]) == (302, review_page)
    copies = Citation.objects.filter(claim=claim)
    assert sorted(copies.values_list("reused_from", flat=True)) == sorted(
        earlier.citations.values_list("pk", flat=True)
    )
    page = client.get(review_page).content.decode()
    assert f"Reused 2 citations of claim {earlier.pk}." in page


def test_someone_else_may_not_reuse_the_evidence_and_nothing_is_copied(reviewing):
    claim, earlier, _ = reviewing
    response = signed_in(reviewer_factory()).post(
        reverse("claim-reuse-evidence", args=[claim.pk, earlier.pk])
    )
    assert response.status_code == 403
    assert not Citation.objects.filter(claim=claim).exists()
