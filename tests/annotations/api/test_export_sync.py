"""Incremental sync: a consumer that keeps its cursor receives exactly what changed since, over
rounds of verifying, reopening, verifying again, deleting and editing what claims embed.

These tests commit (transactional test cases): the feed orders changes by the transactions that
committed them, and reads only below the oldest one still running.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import orjson
import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations.models import Article, Claim, ClaimLink, ExportChange, Tag
from annotations.roles import Role
from annotations.services.articles import article_delete
from annotations.services.review import claim_reopen, claim_verify
from annotations.services.sources import source_update
from annotations.workflow import ClaimStatus
from sources.models import Source
from tests.factories import (
    CitationFactory,
    OwnArticleClaimFactory,
    PasswordlessUserFactory,
    SourceFactory,
    TagFactory,
    VerifiedClaimFactory,
    claim_in,
)

pytestmark = pytest.mark.django_db(transaction=True)

EXPORT = reverse("api-export-claims")


@dataclass
class Round:
    """What one sync delivered, in the order a consumer applies it."""

    claims: list[int] = field(default_factory=list)
    withdrawn: list[tuple[int, str]] = field(default_factory=list)
    pages: int = 0


@dataclass
class Consumer:
    """A consumer's copy of the export (claim id → the claim as sent), kept by following cursors
    with a token, as a newsroom system would."""

    client: Client
    params: dict[str, str] = field(default_factory=dict)
    page_size: int = 2
    copy: dict[int, dict] = field(default_factory=dict)
    cursor: str | None = None

    def sync(self) -> Round:
        received = Round()
        params = {**self.params, "page_size": self.page_size}
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
                self.copy[claim["id"]] = claim
                received.claims.append(claim["id"])
            self.cursor = page["cursor"]
            if page["next"] is None:
                return received
            response = self.client.get(page["next"])

    def verdicts(self) -> dict[int, str]:
        return {claim_id: claim["verdict"]["value"] for claim_id, claim in self.copy.items()}


def token_client(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")


def full_export(**params: str) -> dict[int, dict]:
    """The whole export as a consumer starting now receives it."""
    fresh = Consumer(token_client(PasswordlessUserFactory()), params=params, page_size=50)
    fresh.sync()
    return fresh.copy


def after_the_last_change() -> datetime:
    return ExportChange.objects.latest("id").changed_at + timedelta(microseconds=1)


def verified_now() -> dict[int, str]:
    return dict(Claim.objects.filter(status="verified").values_list("id", "verdict"))


@pytest.fixture
def reviewer():
    return PasswordlessUserFactory(roles=(Role.REVIEWER,))


@pytest.fixture
def consumer():
    return Consumer(token_client(PasswordlessUserFactory(username="newsroom_cms")))


def verified_claim(reviewer, **kwargs) -> Claim:
    claim = VerifiedClaimFactory(verified_by=reviewer, **kwargs)
    CitationFactory(claim=claim)
    return claim


def test_a_first_sync_receives_every_verified_claim_and_no_old_withdrawals(consumer, reviewer):
    withdrawn_before = verified_claim(reviewer)
    withdrawn_before.delete()
    claims = [verified_claim(reviewer) for _ in range(5)]
    OwnArticleClaimFactory()  # a draft: never exported

    received = consumer.sync()

    assert received.claims == [claim.pk for claim in claims]
    assert received.withdrawn == []
    assert received.pages == 3
    assert consumer.verdicts() == verified_now()


def test_a_sync_with_nothing_changed_receives_nothing_and_keeps_the_cursor(consumer, reviewer):
    verified_claim(reviewer)
    consumer.sync()
    cursor = consumer.cursor

    received = consumer.sync()

    assert received == Round(pages=1)
    assert consumer.cursor == cursor


def test_rounds_of_changes_reach_the_consumer_exactly(consumer, reviewer):
    admin = PasswordlessUserFactory(roles=(Role.ADMIN,))
    first, second, third = (verified_claim(reviewer, verdict="true") for _ in range(3))
    doomed = verified_claim(reviewer)
    consumer.sync()
    assert consumer.copy == full_export()

    # Round 2: a new claim is verified, one is reopened, one goes with its deleted article.
    newcomer = verified_claim(reviewer)
    claim_reopen(user=reviewer, claim=first)
    article_delete(user=admin, article=doomed.article)
    received = consumer.sync()
    assert set(received.claims) == {newcomer.pk}
    assert set(received.withdrawn) == {(first.pk, "reopened"), (doomed.pk, "deleted")}
    assert consumer.copy == full_export()

    # Round 3: the reopened claim is verified again, with another verdict.
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=first.pk), verdict="mostly_false")
    received = consumer.sync()
    assert set(received.claims) == {first.pk}
    assert received.withdrawn == []
    assert consumer.verdicts()[first.pk] == "mostly_false"
    assert consumer.copy == full_export()

    # Round 4: reopened and verified again between two syncs: the claim as it is now.
    claim_reopen(user=reviewer, claim=second)
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=second.pk), verdict="mixed")
    received = consumer.sync()
    assert set(received.claims) == {second.pk}
    assert consumer.verdicts()[second.pk] == "mixed"
    assert consumer.copy == full_export()

    # Round 5: reopened and left in review: it is gone from the consumer's copy.
    claim_reopen(user=reviewer, claim=third)
    received = consumer.sync()
    assert received == Round(withdrawn=[(third.pk, "reopened")], pages=1)
    assert third.pk not in consumer.copy
    assert consumer.copy == full_export()


def test_a_claim_withdrawn_while_a_consumer_pages_through_is_withdrawn_on_a_later_page(
    consumer, reviewer
):
    claims = [verified_claim(reviewer) for _ in range(4)]
    first_page = consumer.client.get(EXPORT, {"page_size": 2}).json()
    consumer.copy = {claim["id"]: claim for claim in first_page["results"]}
    consumer.cursor = first_page["cursor"]
    claim_reopen(user=reviewer, claim=claims[0])  # already delivered on the first page

    received = consumer.sync()

    assert received.claims == [claims[2].pk, claims[3].pk]
    assert received.withdrawn == [(claims[0].pk, "reopened")]
    assert consumer.copy == full_export()


# What a claim embeds --------------------------------------------------------------------------


def _rename_source(claim: Claim) -> None:
    Source.objects.filter(citations__claim=claim).update(name="Port Authority (renamed)")


def _rerate_source(claim: Claim) -> None:
    Source.objects.filter(citations__claim=claim).update(reliability="low")


def _rename_tag(claim: Claim) -> None:
    Tag.objects.filter(claims=claim).update(name="harbours")


def _rename_reviewer(claim: Claim) -> None:
    User.objects.filter(pk=claim.verified_by_id).update(first_name="Ines", last_name="Okafor")


def _rename_editor(claim: Claim) -> None:
    User.objects.filter(pk=claim.created_by_id).update(first_name="Mara", last_name="Quill")


def _retitle_article(claim: Claim) -> None:
    Article.objects.filter(pk=claim.article_id).update(title="Harbour traffic, corrected")


def _republish_article(claim: Claim) -> None:
    Article.objects.filter(pk=claim.article_id).update(publisher="Coastal Ledger", author="M. Q.")


@pytest.mark.parametrize(
    "change",
    [
        _rename_source,
        _rerate_source,
        _rename_tag,
        _rename_reviewer,
        _rename_editor,
        _retitle_article,
        _republish_article,
    ],
)
def test_a_change_to_what_a_claim_embeds_resends_it_in_json_and_ndjson(consumer, reviewer, change):
    claim = verified_claim(reviewer, tags=[TagFactory(name="ports")])
    untouched = verified_claim(
        PasswordlessUserFactory(roles=(Role.REVIEWER,))
    )  # shares nothing with it
    consumer.sync()
    since = after_the_last_change().isoformat()

    change(claim)
    received = consumer.sync()
    streamed = consumer.client.get(EXPORT, {"format": "ndjson", "updated_since": since})
    lines = [orjson.loads(line) for line in b"".join(streamed.streaming_content).splitlines()]

    assert received.claims == [claim.pk]
    assert consumer.copy == full_export()
    assert [line["id"] for line in lines] == [claim.pk]
    assert lines[0] == consumer.copy[claim.pk]
    assert untouched.pk not in received.claims


def _same_as(consumer: Consumer, claim: Claim) -> list[int]:
    return [other["id"] for other in consumer.copy[claim.pk]["same_as"]]


def test_linking_two_verified_claims_as_the_same_claim_and_undoing_it_resends_both(
    consumer, reviewer
):
    claim, other = verified_claim(reviewer), verified_claim(reviewer)
    consumer.sync()

    link = ClaimLink.objects.create(claim=claim, same_as=other, created_by=claim.created_by)
    linked = consumer.sync()
    link.delete()
    unlinked = consumer.sync()

    assert sorted(linked.claims) == sorted(unlinked.claims) == sorted([claim.pk, other.pk])
    assert (_same_as(consumer, claim), _same_as(consumer, other)) == ([], [])
    assert consumer.copy == full_export()


def test_verifying_or_reopening_a_linked_claim_resends_the_claim_linked_to_it(consumer, reviewer):
    claim = verified_claim(reviewer)
    other = claim_in(ClaimStatus.IN_REVIEW, reviewer=reviewer)
    ClaimLink.objects.create(claim=claim, same_as=other, created_by=claim.created_by)
    consumer.sync()
    assert _same_as(consumer, claim) == []

    claim_verify(user=reviewer, claim=other, verdict="true")
    verified = consumer.sync()
    assert sorted(verified.claims) == sorted([claim.pk, other.pk])
    assert _same_as(consumer, claim) == [other.pk]

    claim_reopen(user=reviewer, claim=Claim.objects.get(pk=other.pk))
    reopened = consumer.sync()
    assert (reopened.claims, reopened.withdrawn) == ([claim.pk], [(other.pk, "reopened")])
    assert _same_as(consumer, claim) == []
    assert consumer.copy == full_export()


def test_rerating_a_source_cited_by_many_claims_costs_the_same_queries_as_by_one(
    consumer, reviewer
):
    admin = PasswordlessUserFactory(roles=(Role.ADMIN,))
    lonely, popular = SourceFactory(), SourceFactory()
    CitationFactory(claim=VerifiedClaimFactory(verified_by=reviewer), source=lonely)
    cited = [VerifiedClaimFactory(verified_by=reviewer) for _ in range(40)]
    for claim in cited:
        CitationFactory(claim=claim, source=popular)
    consumer.sync()

    def queries_to_rerate(source: Source, reliability: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            source_update(
                user=admin,
                source=source,
                data={"reliability": reliability, "reliability_reason": "Corrections unpublished."},
            )
        return len(captured)

    queries_to_rerate(lonely, "mixed")  # the first call also reads what is cached after it
    assert queries_to_rerate(lonely, "low") == queries_to_rerate(popular, "low")
    received = consumer.sync()
    assert set(received.claims) >= {claim.pk for claim in cited}
    assert consumer.copy == full_export()


# Filters on withdrawals -----------------------------------------------------------------------


def test_a_withdrawal_reaches_the_consumers_whose_filters_the_claim_matched(reviewer):
    ports, rail = TagFactory(name="ports"), TagFactory(name="rail")
    on_ports = verified_claim(reviewer, tags=[ports], verdict="false")
    on_rail = verified_claim(reviewer, tags=[rail], verdict="true")
    by_tag = Consumer(token_client(PasswordlessUserFactory()), params={"tag": "Ports"})
    by_verdict = Consumer(token_client(PasswordlessUserFactory()), params={"verdict": "true"})
    by_article = Consumer(
        token_client(PasswordlessUserFactory()), params={"article": str(on_ports.article_id)}
    )
    by_reviewer = Consumer(
        token_client(PasswordlessUserFactory()), params={"reviewer": reviewer.username}
    )
    consumers = (by_tag, by_verdict, by_article, by_reviewer)
    for consumer in consumers:
        consumer.sync()

    claim_reopen(user=reviewer, claim=on_ports)
    claim_reopen(user=reviewer, claim=on_rail)

    assert by_tag.sync().withdrawn == [(on_ports.pk, "reopened")]
    assert by_verdict.sync().withdrawn == [(on_rail.pk, "reopened")]
    assert by_article.sync().withdrawn == [(on_ports.pk, "reopened")]
    assert set(by_reviewer.sync().withdrawn) == {
        (on_ports.pk, "reopened"),
        (on_rail.pk, "reopened"),
    }
    assert all(consumer.copy == {} for consumer in consumers)


def test_a_claim_that_stops_matching_a_filter_is_withdrawn_from_that_consumer(reviewer):
    ports = TagFactory(name="ports")
    claim = verified_claim(reviewer, tags=[ports])
    by_tag = Consumer(token_client(PasswordlessUserFactory()), params={"tag": "ports"})
    by_tag.sync()

    claim.tags.remove(ports)

    assert by_tag.sync().withdrawn == [(claim.pk, "no_longer_matching")]
    assert by_tag.copy == {}


def test_updated_since_alone_returns_changes_and_withdrawals_since_then(consumer, reviewer):
    kept, reopened = verified_claim(reviewer), verified_claim(reviewer)
    since = after_the_last_change()
    claim_reopen(user=reviewer, claim=reopened)
    newcomer = verified_claim(reviewer)

    page = consumer.client.get(EXPORT, {"updated_since": since.isoformat()}).json()

    assert [claim["id"] for claim in page["results"]] == [newcomer.pk]
    assert [tombstone["id"] for tombstone in page["withdrawn"]] == [reopened.pk]
    assert kept.pk not in [claim["id"] for claim in page["results"]]


def test_ndjson_with_updated_since_sends_each_changed_claim_as_it_is_now(consumer, reviewer):
    claim, withdrawn = verified_claim(reviewer), verified_claim(reviewer)
    since = after_the_last_change()
    claim_reopen(user=reviewer, claim=claim)
    claim_verify(user=reviewer, claim=Claim.objects.get(pk=claim.pk), verdict="false")
    claim_reopen(user=reviewer, claim=withdrawn)

    response = consumer.client.get(EXPORT, {"format": "ndjson", "updated_since": since.isoformat()})
    lines = [orjson.loads(line) for line in b"".join(response.streaming_content).splitlines()]

    assert [(line["type"], line["id"]) for line in lines] == [
        ("tombstone", withdrawn.pk),
        ("claim", claim.pk),
    ]
    assert lines[0]["reason"] == "reopened"
    assert lines[1]["verdict"]["value"] == "false"
