"""`{% claim_evidence claim as evidence %}`: what a claim's evidence section shows (its citations,
their summary, and whether the signed-in user may change them), so that any page can include
`sources/partials/claim_evidence.html` with just `claim`."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from annotations.models import Claim
from annotations.policies import allows, can_write_claim_evidence, check_claim_open
from sources.models import Citation
from sources.selectors.citations import citations_for_claim
from sources.selectors.evidence import EvidenceSummary, evidence_summary

register = template.Library()


@dataclass(frozen=True)
class ClaimEvidence:
    citations: list[Citation]
    summary: EvidenceSummary
    can_edit: bool
    is_frozen: bool


@register.simple_tag(takes_context=True)
def claim_evidence(context: template.Context, claim: Claim) -> ClaimEvidence:
    """The claim's citations, their summary, and whether the signed-in user may change them."""
    return ClaimEvidence(
        citations=list(citations_for_claim(claim_id=claim.pk)),
        summary=evidence_summary(claim_id=claim.pk),
        can_edit=can_write_claim_evidence(user=context["request"].user, claim=claim),
        is_frozen=not allows(check_claim_open, claim=claim),
    )
