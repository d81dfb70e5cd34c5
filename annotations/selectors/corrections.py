"""Reads on corrections: where a claim stands against its article's current text, what adding a
revision did to the claims (the corrections summary), and the claims waiting on the desk."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import JSONObject

from annotations.alignment import Outcome
from annotations.anchoring import position_selector_json, quote_selector_json
from annotations.models import Claim, ClaimCorrection


@dataclass(frozen=True)
class ClaimAnchor:
    """Where a claim stands: `anchored` on its article's current revision, or `changed` /
    `orphaned` on an older one, with the proposed span (and the revision it points into) of a
    changed claim."""

    status: Outcome
    proposed: list[dict[str, object]] | None = None
    revision: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"status": self.status.value, "proposed": self.proposed, "revision": self.revision}


def _latest_correction() -> QuerySet[ClaimCorrection]:
    return ClaimCorrection.objects.filter(claim=OuterRef("pk")).order_by(
        "-to_revision__number", "-id"
    )


def with_anchor(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """`claims` with what `claim_anchor` reads: `anchor_status` (filterable) and the latest
    correction's proposal, both computed in the same query."""
    latest = _latest_correction()
    return claims.annotate(
        anchor_status=Case(
            When(revision_id=F("article__current_revision_id"), then=Value(Outcome.ANCHORED)),
            default=Subquery(latest.values("outcome")[:1]),
        ),
        anchor_proposal=Subquery(
            latest.values(
                proposal=JSONObject(
                    start="to_start",
                    end="to_end",
                    exact="to_exact",
                    prefix="to_prefix",
                    suffix="to_suffix",
                    revision="to_revision__number",
                )
            )[:1]
        ),
    )


def claim_anchor(claim: Claim) -> ClaimAnchor:
    """The anchor of a claim read through `with_anchor`."""
    status = Outcome(claim.anchor_status or Outcome.ORPHANED)
    proposal = claim.anchor_proposal
    if status is not Outcome.CHANGED or proposal is None:
        return ClaimAnchor(status)
    return ClaimAnchor(
        status,
        proposed=[
            position_selector_json(proposal["start"], proposal["end"]),
            quote_selector_json(proposal["exact"], proposal["prefix"], proposal["suffix"]),
        ],
        revision=proposal["revision"],
    )
