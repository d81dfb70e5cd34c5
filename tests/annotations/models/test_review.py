"""The database constraints of review events: each refuses a bad row. (The trigger that keeps
events immutable is tested with the review service, tests/annotations/services/test_review.py.)"""

import pytest

from annotations.models import ReviewEvent
from annotations.workflow import ClaimStatus
from tests.constraints import assert_insert_refused, named_constraints
from tests.factories import claim_in

pytestmark = pytest.mark.django_db

TESTED = {"event_statuses_valid", "event_changes_status"}


def test_every_named_constraint_of_review_events_has_a_test():
    assert named_constraints(ReviewEvent) == TESTED


def _event_fields(**overrides) -> dict[str, object]:
    claim = claim_in(ClaimStatus.SUBMITTED)
    fields = {"claim": claim, "actor": claim.created_by, "action": "submit"}
    return fields | {"from_status": "draft", "to_status": "submitted"} | overrides


def test_an_event_from_an_unknown_status_is_refused():
    assert_insert_refused(ReviewEvent, "event_statuses_valid", **_event_fields(from_status="lost"))


def test_an_event_to_an_unknown_status_is_refused():
    assert_insert_refused(ReviewEvent, "event_statuses_valid", **_event_fields(to_status="lost"))


def test_an_event_that_does_not_change_the_status_is_refused():
    fields = _event_fields(from_status="submitted", to_status="submitted")
    assert_insert_refused(ReviewEvent, "event_changes_status", **fields)
