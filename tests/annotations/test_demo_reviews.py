import pytest

from annotations.demo_reviews import SCENARIOS, load_demo_reviews
from annotations.models import Claim
from annotations.roles import Role
from annotations.workflow import ClaimStatus
from tests.factories import (
    claim_in,
    editor_factory,
    reviewer_factory,
    user_factory,
    withdrawals_in_feed,
)

pytestmark = pytest.mark.django_db


def test_the_demo_reaches_every_state_with_several_verdicts():
    editor = editor_factory()
    claims = [claim_in(created_by=editor, conflicting=i % 2) for i in range(len(SCENARIOS))]
    load_demo_reviews(claims=claims, editors=[editor], reviewers=[reviewer_factory()])
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {status.value for status in ClaimStatus}
    verdicts = set(Claim.objects.exclude(verdict="").values_list("verdict", flat=True))
    assert len(verdicts) >= 4
    assert "reopened" in withdrawals_in_feed().values()


def test_a_claim_without_evidence_is_sent_back_instead_of_verified():
    editor = editor_factory()
    claim = claim_in(created_by=editor, citations=0)
    load_demo_reviews(claims=[claim], editors=[editor], reviewers=[reviewer_factory()])
    claim.refresh_from_db()
    assert claim.status == "changes_requested"


def test_a_claim_only_its_author_could_review_waits_in_the_queue():
    desk = user_factory(Role.EDITOR, Role.REVIEWER)
    claim = claim_in(created_by=desk)
    load_demo_reviews(claims=[claim], editors=[desk], reviewers=[desk])
    claim.refresh_from_db()
    assert claim.status == "submitted"
