"""Claims left in review too long return to the queue: by the cron command, and by the next
reviewer asking for a claim."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from annotations.models import Claim
from annotations.services.review import claim_take_next, claims_release_abandoned
from annotations.workflow import ClaimStatus
from tests.factories_review import claim_in, reviewer_factory

pytestmark = pytest.mark.django_db


def _held_for(minutes: int, **kwargs) -> Claim:
    claim = claim_in(ClaimStatus.IN_REVIEW, **kwargs)
    Claim.objects.filter(pk=claim.pk).update(
        assigned_at=timezone.now() - timedelta(minutes=minutes)
    )
    return claim


def test_a_claim_held_past_the_timeout_returns_to_the_queue(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90)
    assert claims_release_abandoned() == 1
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to, claim.assigned_at) == ("submitted", None, None)


def test_releasing_records_a_system_event_with_the_time_held(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90)
    claims_release_abandoned()
    event = claim.events.get()
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        None,
        "release",
        "in_review",
        "submitted",
    )
    assert event.comment == "Returned to the queue after 90 minutes."


def test_a_claim_within_the_timeout_stays_with_its_reviewer(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(30)
    assert claims_release_abandoned() == 0
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_a_released_claim_keeps_its_place_in_the_queue(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(90, submitted_at=timezone.now() - timedelta(days=2))
    claim_in(ClaimStatus.SUBMITTED, submitted_at=timezone.now() - timedelta(days=1))
    claims_release_abandoned()
    assert claim_take_next(reviewer=reviewer_factory()).pk == claim.pk


def test_taking_the_next_claim_releases_abandoned_ones_first(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    claim = _held_for(120)
    newcomer = reviewer_factory()
    taken = claim_take_next(reviewer=newcomer)
    assert taken.pk == claim.pk
    assert taken.assigned_to == newcomer
    assert [event.action for event in claim.events.order_by("id")] == ["release", "take"]


def test_the_command_releases_and_reports_how_many(settings):
    settings.REVIEW_CLAIM_TIMEOUT_MINUTES = 60
    _held_for(61)
    _held_for(200)
    output = StringIO()
    call_command("release_abandoned_claims", stdout=output)
    assert "Returned 2 claims" in output.getvalue()
    assert not Claim.objects.filter(status="in_review").exists()


def test_the_command_takes_another_timeout():
    _held_for(20)
    output = StringIO()
    call_command("release_abandoned_claims", "--minutes", "10", stdout=output)
    assert "Returned 1 claim to" in output.getvalue()
