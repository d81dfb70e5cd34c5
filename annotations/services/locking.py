"""The row lock every write on a claim starts with. A module of its own so that the services
that write claims (`claims`, `links`, `review`, `citations`) can all use it and call each other:
`claim_create` links a new claim through `links.claim_link`, which locks the claim too."""

from __future__ import annotations

from django.db.models import QuerySet

from annotations.models import Claim
from project.errors import NotFound


def claim_lock(*, pk: int, claims: QuerySet[Claim] | None = None) -> Claim:
    """The claim, its row locked (`SELECT … FOR UPDATE`) until the transaction ends, read after
    the lock so that it is what the write will change; NotFound if it was deleted meanwhile.
    `claims` may add relations to read with it (they are not locked)."""
    queryset = Claim.objects.all() if claims is None else claims
    locked = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if locked is None:
        raise NotFound("This claim no longer exists.")
    return locked
