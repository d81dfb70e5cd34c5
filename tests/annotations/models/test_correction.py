"""The database holds the corrections' audit trail to its rules, whatever code writes to it:
each named constraint and each trigger refuses a bad row."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from annotations.models import ClaimCorrection, Resolution
from tests.constraints import named_constraints, refused_by
from tests.factories import ArticleFactory, ArticleRevisionFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim():
    return ClaimFactory(article=ArticleFactory(text="First text of the article.\n\nSecond."))


@pytest.fixture
def next_revision(claim):
    return ArticleRevisionFactory(article=claim.article, number=2, text="A corrected text.")


def correction(claim, next_revision, **fields) -> ClaimCorrection:
    values = {
        "claim": claim,
        "from_revision": claim.revision,
        "to_revision": next_revision,
        "outcome": "changed",
        "from_start": claim.start,
        "from_end": claim.end,
        "from_exact": claim.exact,
        "to_start": 2,
        "to_end": 11,
        "to_exact": "corrected",
        "resolution": Resolution.PENDING,
        "created_by": claim.created_by,
        **fields,
    }
    return ClaimCorrection(**values)


TESTED = {
    "correction_once_per_revision",
    "correction_one_pending_per_claim",
    "correction_from_span_not_empty",
    "correction_span_iff_not_orphaned",
    "correction_resolution_fits_outcome",
    "correction_resolved_by_whom_when",
}


def test_every_named_constraint_of_corrections_has_a_test():
    assert named_constraints(ClaimCorrection) == TESTED


def refused(row: ClaimCorrection, constraint: str) -> None:
    with refused_by(constraint):
        row.save()
    assert not ClaimCorrection.objects.exists()


def refused_by_trigger(row: ClaimCorrection, message: str) -> None:
    with pytest.raises(IntegrityError, match=message), transaction.atomic():
        row.save()
    assert not ClaimCorrection.objects.exists()


def test_a_valid_changed_correction_is_stored(claim, next_revision):
    correction(claim, next_revision).save()

    assert ClaimCorrection.objects.count() == 1


def test_an_orphaned_correction_with_a_span_is_refused(claim, next_revision):
    refused(
        correction(claim, next_revision, outcome="orphaned"), "correction_span_iff_not_orphaned"
    )


def test_a_changed_correction_without_a_span_is_refused(claim, next_revision):
    row = correction(claim, next_revision, to_start=None, to_end=None, to_exact="")
    refused(row, "correction_span_iff_not_orphaned")


def test_an_empty_proposed_span_is_refused(claim, next_revision):
    refused(correction(claim, next_revision, to_end=2), "correction_span_iff_not_orphaned")


def test_an_empty_former_span_is_refused(claim, next_revision):
    refused(
        correction(claim, next_revision, from_end=claim.start), "correction_from_span_not_empty"
    )


def test_a_correction_must_say_what_the_claim_quoted(claim, next_revision):
    refused(correction(claim, next_revision, from_exact=""), "correction_from_span_not_empty")


def test_an_anchored_claim_cannot_be_left_pending(claim, next_revision):
    refused(
        correction(claim, next_revision, outcome="anchored"), "correction_resolution_fits_outcome"
    )


def test_an_orphaned_claim_cannot_be_confirmed(claim, next_revision):
    row = correction(
        claim,
        next_revision,
        outcome="orphaned",
        to_start=None,
        to_end=None,
        to_exact="",
        resolution=Resolution.CONFIRMED,
        resolved_by=claim.created_by,
        resolved_at=timezone.now(),
    )
    refused(row, "correction_resolution_fits_outcome")


def test_a_confirmation_must_say_who_and_when(claim, next_revision):
    refused(
        correction(claim, next_revision, resolution=Resolution.CONFIRMED),
        "correction_resolved_by_whom_when",
    )


def test_the_system_resolutions_name_nobody(claim, next_revision):
    row = correction(claim, next_revision, resolved_by=claim.created_by, resolved_at=timezone.now())
    refused(row, "correction_resolved_by_whom_when")


def test_a_claim_has_one_outcome_per_revision(claim, next_revision):
    correction(claim, next_revision, resolution=Resolution.SUPERSEDED).save()

    with refused_by("correction_once_per_revision"):
        correction(claim, next_revision).save()


def test_a_claim_waits_on_at_most_one_correction(claim, next_revision):
    third = ArticleRevisionFactory(article=claim.article, number=3, text="A third text.")
    correction(claim, next_revision).save()

    with refused_by("correction_one_pending_per_claim"):
        correction(claim, third).save()


def test_a_correction_between_revisions_of_another_article_is_refused(claim):
    elsewhere = ArticleRevisionFactory(article=ArticleFactory(text="Another article."), number=2)

    refused_by_trigger(correction(claim, elsewhere), "both revisions must be of its article")


def test_a_correction_must_go_forward(claim, next_revision):
    row = correction(claim, next_revision, from_revision=next_revision, to_revision=claim.revision)

    refused_by_trigger(row, "does not follow")


def test_a_pending_correction_may_be_resolved(claim, next_revision):
    row = correction(claim, next_revision)
    row.save()

    ClaimCorrection.objects.filter(pk=row.pk).update(
        resolution=Resolution.KEPT, resolved_by=UserFactory(), resolved_at=timezone.now()
    )

    assert ClaimCorrection.objects.get(pk=row.pk).resolution == Resolution.KEPT


def test_a_resolved_correction_cannot_be_changed(claim, next_revision):
    row = correction(
        claim,
        next_revision,
        resolution=Resolution.KEPT,
        resolved_by=claim.created_by,
        resolved_at=timezone.now(),
    )
    row.save()

    with pytest.raises(DatabaseError, match="only a pending"), transaction.atomic():
        ClaimCorrection.objects.filter(pk=row.pk).update(resolution=Resolution.SUPERSEDED)

    assert ClaimCorrection.objects.get(pk=row.pk).resolution == Resolution.KEPT


def test_what_a_pending_correction_found_cannot_be_rewritten(claim, next_revision):
    row = correction(claim, next_revision)
    row.save()

    with pytest.raises(DatabaseError, match="only its resolution"), transaction.atomic():
        ClaimCorrection.objects.filter(pk=row.pk).update(to_exact="something else")

    assert ClaimCorrection.objects.get(pk=row.pk).to_exact == "corrected"
