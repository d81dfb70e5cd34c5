"""The database constraints of tags and claims: each refuses a bad row. (The
triggers that guard status changes are tested with the review service,
tests/annotations/services/test_review.py.)"""

import pytest

from annotations.models import Claim, Tag
from annotations.workflow import ClaimStatus
from project.limits import CLAIM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH
from tests.constraints import assert_insert_refused, assert_update_refused, named_constraints
from tests.factories import TagFactory, claim_in, distinct_article, editor_factory

pytestmark = pytest.mark.django_db

TESTED = {
    "tag_name_unique_ci",
    "tag_name_not_blank",
    "claim_span_not_empty",
    "claim_exact_not_empty",
    "claim_status_valid",
    "claim_verdict_valid",
    "claim_verdict_iff_verified",
    "claim_in_review_is_assigned",
    "claim_version_positive",
    "claim_slug_unique",
    "claim_slug_valid",
    "claim_text_max_length",
    "claim_note_max_length",
    "claim_verdict_note_max_length",
}


def test_every_named_constraint_of_claims_and_tags_has_a_test():
    assert named_constraints(Tag, Claim) == TESTED


def test_two_tags_whose_names_differ_only_in_case_are_refused():
    TagFactory(name="economy")
    assert_update_refused(TagFactory(name="health"), "tag_name_unique_ci", name="ECONOMY")


def test_a_tag_name_of_only_spaces_is_refused():
    assert_update_refused(TagFactory(name="health"), "tag_name_not_blank", name="   ")


def test_a_claim_span_that_ends_where_it_starts_is_refused():
    claim = claim_in(ClaimStatus.DRAFT)
    assert_update_refused(claim, "claim_span_not_empty", end=claim.start)


def test_a_claim_without_quoted_text_is_refused():
    assert_update_refused(claim_in(ClaimStatus.DRAFT), "claim_exact_not_empty", exact="")


def test_a_claim_in_an_unknown_status_is_refused():
    # Inserted: an update of the status meets the transition trigger first.
    article = distinct_article()
    fields = {"article": article, "revision": article.current_revision, "start": 0, "end": 3}
    fields |= {"exact": "The", "text": "The", "created_by": editor_factory(), "status": "lost"}
    assert_insert_refused(Claim, "claim_status_valid", **fields)


def test_an_unknown_verdict_is_refused():
    claim = claim_in(ClaimStatus.VERIFIED)
    assert_update_refused(claim, "claim_verdict_valid", verdict="probably")


def test_a_verdict_on_a_claim_that_is_not_verified_is_refused():
    assert_update_refused(
        claim_in(ClaimStatus.SUBMITTED), "claim_verdict_iff_verified", verdict="true"
    )


def test_a_verified_claim_without_its_reviewer_is_refused():
    claim = claim_in(ClaimStatus.VERIFIED)
    assert_update_refused(claim, "claim_verdict_iff_verified", verified_by=None)


def test_a_verified_claim_without_a_verdict_is_refused():
    assert_update_refused(claim_in(ClaimStatus.VERIFIED), "claim_verdict_iff_verified", verdict="")


def test_a_claim_in_review_without_its_reviewer_is_refused():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    assert_update_refused(claim, "claim_in_review_is_assigned", assigned_to=None)


def test_a_claim_in_review_without_the_time_it_was_taken_is_refused():
    claim = claim_in(ClaimStatus.IN_REVIEW)
    assert_update_refused(claim, "claim_in_review_is_assigned", assigned_at=None)


def test_a_claim_version_below_one_is_refused():
    assert_update_refused(claim_in(ClaimStatus.DRAFT), "claim_version_positive", version=0)


def test_two_claims_may_not_share_an_annotation_name():
    claim_in(ClaimStatus.DRAFT, slug="port-volumes")
    assert_update_refused(claim_in(ClaimStatus.DRAFT), "claim_slug_unique", slug="port-volumes")


@pytest.mark.parametrize("slug", ["123", "Upper", "-dash-first", "has space"])
def test_an_annotation_name_that_is_not_a_safe_path_segment_is_refused(slug):
    assert_update_refused(claim_in(ClaimStatus.DRAFT), "claim_slug_valid", slug=slug)


@pytest.mark.parametrize(
    ("field", "limit"),
    [("text", CLAIM_TEXT_MAX_LENGTH), ("note", NOTE_MAX_LENGTH), ("verdict_note", NOTE_MAX_LENGTH)],
)
def test_a_claim_text_over_its_limit_is_refused(field, limit):
    assert_update_refused(claim_in(), f"claim_{field}_max_length", **{field: "x" * (limit + 1)})
