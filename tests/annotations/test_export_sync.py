"""Incremental sync: a consumer that keeps its cursor receives exactly what changed since, over
several rounds of verifying, reopening, verifying again and deleting."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson
import pytest
from django.urls import reverse

from annotations.models import Claim, ClaimTombstone
from annotations.roles import Role
from annotations.services.articles import article_delete
from annotations.services.review import claim_reopen, claim_verify
from tests.factories import CitationFactory
from tests.factories_export import EditionClaimFactory, StaffFactory, VerifiedClaimFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("api-export-claims")


@dataclass
class Round:
    """What one sync delivered, in the order a consumer applies it."""

    claims: list[int] = field(default_factory=list)
    withdrawn: list[tuple[int, str]] = field(default_factory=list)
    pages: int = 0


@dataclass
class Consumer:
    """A consumer's copy of the export (claim id → verdict), kept by following cursors."""

    client: object
    page_size: int = 2
    copy: dict[int, str] = field(default_factory=dict)
    cursor: str | None = None

    def sync(self) -> Round:
        received = Round()
        params = {"page_size": self.page_size}
        if self.cursor:
            params["cursor"] = self.cursor
        response = self.client.get(EXPORT, params)
        while True:
            assert response.status_code == 200, response.content
            page = response.json()
            received.pages += 1
            for tombstone in page["withdrawn"]:  # a page's withdrawals come before its claims
                self.copy.pop(tombstone["id"], None)
                received.withdrawn.append((tombstone["id"], tombstone["reason"]))
            for claim in page["results"]:
                self.copy[claim["id"]] = claim["verdict"]["value"]
                received.claims.append(claim["id"])
            self.cursor = page["cursor"]
            if page["next"] is None:
                return received
            response = self.client.get(page["next"])


def verified_now() -> dict[int, str]:
    return dict(Claim.objects.filter(status="verified").values_list("id", "verdict"))


@pytest.fixture
def reviewer():
    return StaffFactory(roles=(Role.REVIEWER,))


@pytest.fixture
def consumer(reader_client):
    return Consumer(reader_client)


def verified_claim(reviewer, **kwargs) -> Claim:
    claim = VerifiedClaimFactory(verified_by=reviewer, **kwargs)
    CitationFactory(claim=claim)
    return claim


def test_a_first_sync_receives_every_verified_claim_and_no_old_withdrawals(consumer, reviewer):
    claims = [verified_claim(reviewer) for _ in range(5)]
    EditionClaimFactory()  # a draft: never exported
    ClaimTombstone.objects.create(claim_id=999_999, reason="deleted")  # before the consumer began

    received = consumer.sync()

    assert received.claims == [claim.pk for claim in claims]
    assert received.withdrawn == []
    assert received.pages == 3
    assert consumer.copy == verified_now()


def test_a_sync_with_nothing_changed_receives_nothing_and_keeps_the_cursor(consumer, reviewer):
    verified_claim(reviewer)
    consumer.sync()
    cursor = consumer.cursor

    received = consumer.sync()

    assert received == Round(pages=1)
    assert consumer.cursor == cursor


def test_rounds_of_changes_reach_the_consumer_exactly(consumer, reviewer):
    admin = StaffFactory(roles=(Role.ADMIN,))
    first, second, third = (verified_claim(reviewer, verdict="true") for _ in range(3))
    doomed = verified_claim(reviewer)
    consumer.sync()
    assert consumer.copy == verified_now()

    # Round 2: a new claim is verified, one is reopened, one goes with its deleted article.
    newcomer = verified_claim(reviewer)
    claim_reopen(user=reviewer, claim=first)
    article_delete(user=admin, article=doomed.article)
    received = consumer.sync()
    assert received.claims == [newcomer.pk]
    assert received.withdrawn == [(first.pk, "reopened"), (doomed.pk, "deleted")]
    assert consumer.copy == verified_now()

    # Round 3: the reopened claim is verified again, with another verdict.
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=first.pk), verdict="mostly_false")
    received = consumer.sync()
    assert received.claims == [first.pk]
    assert received.withdrawn == []
    assert consumer.copy[first.pk] == "mostly_false"
    assert consumer.copy == verified_now()

    # Round 4: reopened and verified again between two syncs: the withdrawal, then the claim.
    claim_reopen(user=reviewer, claim=second)
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=second.pk), verdict="mixed")
    received = consumer.sync()
    assert received.withdrawn == [(second.pk, "reopened")]
    assert received.claims == [second.pk]
    assert consumer.copy[second.pk] == "mixed"
    assert consumer.copy == verified_now()

    # Round 5: reopened and left in review: it is gone from the consumer's copy.
    claim_reopen(user=reviewer, claim=third)
    received = consumer.sync()
    assert received == Round(withdrawn=[(third.pk, "reopened")], pages=1)
    assert third.pk not in consumer.copy
    assert consumer.copy == verified_now()


def test_a_withdrawal_and_the_claims_verified_again_arrive_in_order_one_per_page(
    reader_client, reviewer
):
    consumer = Consumer(reader_client, page_size=1)
    claim = verified_claim(reviewer)
    consumer.sync()
    claim_reopen(user=reviewer, claim=claim)
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=claim.pk), verdict="false")

    received = consumer.sync()

    assert received.pages == 2
    assert received.withdrawn == [(claim.pk, "reopened")]
    assert received.claims == [claim.pk]
    assert consumer.copy == {claim.pk: "false"}


def test_a_claim_withdrawn_while_a_consumer_pages_through_is_withdrawn_on_a_later_page(
    consumer, reviewer
):
    claims = [verified_claim(reviewer) for _ in range(4)]
    first_page = consumer.client.get(EXPORT, {"page_size": 2}).json()
    consumer.copy = {claim["id"]: claim["verdict"]["value"] for claim in first_page["results"]}
    consumer.cursor = first_page["cursor"]
    claim_reopen(user=reviewer, claim=claims[0])  # already delivered on the first page

    received = consumer.sync()

    assert received.claims == [claims[2].pk, claims[3].pk]
    assert received.withdrawn == [(claims[0].pk, "reopened")]
    assert consumer.copy == verified_now()


def test_updated_since_alone_returns_changes_and_withdrawals_since_then(reader_client, reviewer):
    kept, reopened = verified_claim(reviewer), verified_claim(reviewer)
    since = Claim.objects.get(pk=reopened.pk).updated_at
    claim_reopen(user=reviewer, claim=reopened)
    newcomer = verified_claim(reviewer)

    page = reader_client.get(EXPORT, {"updated_since": since.isoformat()}).json()

    assert [claim["id"] for claim in page["results"]] == [newcomer.pk]
    assert [tombstone["id"] for tombstone in page["withdrawn"]] == [reopened.pk]
    assert kept.pk not in [claim["id"] for claim in page["results"]]


def test_ndjson_with_updated_since_merges_withdrawals_by_time(reader_client, reviewer):
    claim = verified_claim(reviewer)
    since = Claim.objects.get(pk=claim.pk).updated_at
    claim_reopen(user=reviewer, claim=claim)
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=claim.pk), verdict="false")

    response = reader_client.get(EXPORT, {"format": "ndjson", "updated_since": since.isoformat()})
    lines = [orjson.loads(line) for line in b"".join(response.streaming_content).splitlines()]

    assert [(line["type"], line["id"]) for line in lines] == [
        ("tombstone", claim.pk),
        ("claim", claim.pk),
    ]
    assert lines[0]["reason"] == "reopened"
