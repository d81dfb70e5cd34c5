"""Writes on "same claim" links ("Seen before"): an editor links the claim they are working on
to a claim of another article that makes the same claim, or undoes the link.

Who may: `policies.check_claim_linkable` (whoever may edit the claim now). The database holds
the rest too (no link to itself, one link per pair, only across articles), so a race ends in
the same refusal as a check.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q

from annotations.models import Claim, ClaimLink
from annotations.policies import check_claim_linkable
from annotations.services.locking import claim_lock
from project.errors import Conflict, InvalidInput, NotFound


def _between(claim: Claim, other: Claim) -> Q:
    return Q(claim=claim, same_as=other) | Q(claim=other, same_as=claim)


def claim_link_check(*, user: AbstractBaseUser, claim: Claim, same_as: Claim) -> None:
    """Raise unless `user` may link `claim` to `same_as` now."""
    check_claim_linkable(user=user, claim=claim)
    if same_as.pk == claim.pk:
        raise InvalidInput(
            "A claim cannot be linked to itself.", errors={"same_as": ["That is this claim."]}
        )
    if same_as.article_id == claim.article_id:
        message = "Both claims are in the same article; link claims of different articles."
        raise InvalidInput(message, errors={"same_as": [message]})


@transaction.atomic
def claim_link(*, user: AbstractBaseUser, claim: Claim, same_as: Claim) -> ClaimLink:
    """Record that `claim` makes the same claim as `same_as` (a claim of another article)."""
    locked = claim_lock(pk=claim.pk)
    claim_link_check(user=user, claim=locked, same_as=same_as)
    if ClaimLink.objects.filter(_between(locked, same_as)).exists():
        raise Conflict(f"Claim {claim.pk} is already linked to claim {same_as.pk}.")
    link = ClaimLink(claim=locked, same_as=same_as, created_by=user)
    link.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError as error:  # the other claim was linked at the same moment
        raise Conflict(f"Claim {claim.pk} is already linked to claim {same_as.pk}.") from error
    return link


@transaction.atomic
def claim_unlink(*, user: AbstractBaseUser, claim: Claim, same_as: Claim) -> None:
    """Undo the link between `claim` and `same_as` (made from either side)."""
    locked = claim_lock(pk=claim.pk)
    check_claim_linkable(user=user, claim=locked)
    deleted, _ = ClaimLink.objects.filter(_between(locked, same_as)).delete()
    if not deleted:
        raise NotFound(f"Claim {claim.pk} is not linked to claim {same_as.pk}.")
