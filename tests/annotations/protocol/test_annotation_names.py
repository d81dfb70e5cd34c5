"""The database keeps annotation names sound whoever writes: one path segment that no id can
be, used by one claim, and never again once its claim is deleted (by any route)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Claim, RetiredAnnotationName
from tests.factories import OwnArticleClaimFactory as ClaimFactory

pytestmark = pytest.mark.django_db


def _name(claim: Claim, slug: str) -> None:
    with transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(slug=slug)


@pytest.mark.parametrize("slug", ["123", "Upper", "-dash-first", "has space", "ünï"])
def test_a_name_that_is_not_a_safe_segment_is_refused(slug):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError, match="claim_slug_valid"):
        _name(claim, slug)


def test_two_claims_cannot_share_a_name():
    first, second = ClaimFactory(), ClaimFactory()
    _name(first, "port")
    with pytest.raises(IntegrityError, match="claim_slug_unique"):
        _name(second, "port")


def test_many_claims_may_have_no_name():
    first, second = ClaimFactory(), ClaimFactory()
    assert (first.slug, second.slug) == ("", "")


def test_a_deleted_claims_name_is_retired_and_refused_to_another():
    named, other = ClaimFactory(), ClaimFactory()
    _name(named, "port")
    Claim.objects.filter(pk=named.pk).delete()  # not through the claim service
    assert RetiredAnnotationName.objects.filter(slug="port").exists()
    with pytest.raises(IntegrityError, match="belonged to a deleted claim"):
        _name(other, "port")
