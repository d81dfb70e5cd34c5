"""The export's `same_as` ("Seen before"): the verified claims of other articles linked to a claim
as the same claim, in JSON and NDJSON, and as `sameAs` in ClaimReview; and the claims whose
`same_as` changes count as changed for incremental consumers."""

import orjson
import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Claim, ClaimLink
from annotations.workflow import ClaimStatus
from tests.factories import claim_saying, editor_factory

pytestmark = pytest.mark.django_db

EXPORT = reverse("api-export-claims")
SENTENCE = "Unemployment in Scotland fell to 4.1% in the three months to March."
OTHER_WORDS = "The Scottish jobless rate dropped to 4.1 per cent in the quarter to March."


@pytest.fixture
def linked_pair():
    """Two verified claims of different articles linked as the same claim, and a draft linked
    to the first."""
    first = claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)
    second = claim_saying(OTHER_WORDS, ClaimStatus.VERIFIED, citations=1)
    draft = claim_saying(SENTENCE.replace("fell", "dropped"))
    editor = editor_factory()
    ClaimLink.objects.create(claim=second, same_as=first, created_by=editor)
    ClaimLink.objects.create(claim=draft, same_as=first, created_by=editor)
    return first, second, draft


def _results(client, **params) -> dict[int, dict]:
    body = client.get(EXPORT, params).json()
    return {item["id"]: item for item in body["results"]}


def test_json_lists_the_linked_verified_claims_with_their_permalinks(reader_client, linked_pair):
    first, second, _ = linked_pair
    results = _results(reader_client)
    assert results[first.pk]["same_as"] == [
        {"id": second.pk, "permalink": results[second.pk]["permalink"]}
    ]
    assert [item["id"] for item in results[second.pk]["same_as"]] == [first.pk]
    assert results[first.pk]["permalink"].endswith(reverse("factcheck-detail", args=[first.pk]))


def test_ndjson_carries_the_same_links(reader_client, linked_pair):
    first, second, _ = linked_pair
    response = reader_client.get(EXPORT, {"format": "ndjson"})
    lines = [orjson.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    by_id = {line["id"]: line for line in lines}
    assert [item["id"] for item in by_id[first.pk]["same_as"]] == [second.pk]


def test_claimreview_names_the_other_reviews_of_the_same_claim_as_same_as(
    reader_client, linked_pair
):
    first, second, _ = linked_pair
    reviews = reader_client.get(EXPORT, {"format": "claimreview"}).json()
    by_url = {review["url"]: review for review in reviews}
    first_review = next(url for url in by_url if url.endswith(f"/factchecks/{first.pk}/"))
    second_review = next(url for url in by_url if url.endswith(f"/factchecks/{second.pk}/"))
    assert by_url[first_review]["itemReviewed"]["sameAs"] == [second_review]


def test_a_claim_without_links_has_an_empty_same_as_and_no_same_as_in_claimreview(reader_client):
    claim = claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)
    assert _results(reader_client)[claim.pk]["same_as"] == []
    (review,) = reader_client.get(EXPORT, {"format": "claimreview"}).json()
    assert "sameAs" not in review["itemReviewed"]


def _updated_at(claim) -> object:
    return Claim.objects.values_list("updated_at", flat=True).get(pk=claim.pk)


def test_linking_a_verified_claim_marks_it_changed_for_incremental_consumers():
    earlier = claim_saying(SENTENCE, ClaimStatus.VERIFIED, citations=1)
    Claim.objects.filter(pk=earlier.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=3)
    )
    before = _updated_at(earlier)
    link = ClaimLink.objects.create(
        claim=claim_saying(OTHER_WORDS), same_as=earlier, created_by=editor_factory()
    )
    linked = _updated_at(earlier)
    assert linked > before
    Claim.objects.filter(pk=earlier.pk).update(updated_at=before)
    link.delete()
    assert _updated_at(earlier) > before


def test_a_linked_claim_leaving_verified_marks_the_other_changed(linked_pair):
    first, second, _ = linked_pair
    long_ago = timezone.now() - timezone.timedelta(days=3)
    Claim.objects.filter(pk=second.pk).update(updated_at=long_ago)
    Claim.objects.filter(pk=first.pk).update(
        status=ClaimStatus.IN_REVIEW.value,
        verdict="",
        verified_by=None,
        verified_at=None,
        assigned_to=first.verified_by,
        assigned_at=timezone.now(),
    )
    assert _updated_at(second) > long_ago
