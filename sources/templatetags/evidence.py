"""Template helpers for evidence: `{% claim_evidence claim as evidence %}` loads what the
claim's evidence section shows, so any page can include the section with just `claim`."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from annotations.models import Claim
from annotations.workflow import is_editable
from sources.models import Citation
from sources.presentation import RELIABILITY_ICONS, STANCE_ICONS
from sources.selectors.citations import citations_for_claim
from sources.selectors.evidence import EvidenceSummary, evidence_summary
from sources.services.citations import citations_editable_by
from sources.vocabulary import STANCE_DESCRIPTIONS, Reliability, Stance

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
        citations=list(citations_for_claim(claim=claim)),
        summary=evidence_summary(claim=claim),
        can_edit=citations_editable_by(user=context["request"].user, claim=claim),
        is_frozen=not is_editable(claim.status),
    )


@register.filter
def stance_icon(stance: str) -> str:
    return STANCE_ICONS[Stance(stance)]


@register.filter
def stance_description(stance: str) -> str:
    return STANCE_DESCRIPTIONS[Stance(stance)]


@register.filter
def reliability_icon(reliability: str) -> str:
    return RELIABILITY_ICONS[Reliability(reliability)]


@register.filter
def summary_for(summaries: dict[int, EvidenceSummary], claim_id: int) -> EvidenceSummary | None:
    """`summaries|summary_for:claim.pk`: one claim's summary from `evidence_summaries(...)`."""
    return summaries.get(claim_id)
