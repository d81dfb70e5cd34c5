"""Template helpers for evidence: `{% claim_evidence claim as evidence %}` loads what the
claim's evidence section shows, so any page can include the section with just `claim`;
`summary|evidence_summary_html` writes the compact evidence counts of a list row."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from annotations.models import Claim
from annotations.workflow import is_editable
from sources.models import Citation
from sources.presentation import RELIABILITY_ICONS, STANCE_ICONS
from sources.selectors.citations import citations_for_claim
from sources.selectors.evidence import (
    EvidenceSummary,
    evidence_summary,
    reliability_tallies,
    stance_tallies,
)
from sources.services.citations import citations_editable_by
from sources.vocabulary import STANCE_DESCRIPTIONS, Reliability, Stance

register = template.Library()

_NO_EVIDENCE = format_html(
    '<p class="evidence-summary evidence-summary--empty">{}</p>', "No evidence yet"
)


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


@register.filter
def evidence_summary_html(summary: EvidenceSummary | None) -> SafeString:
    """The evidence counts of one claim, compact enough for a list row, in words and text icons
    (never colour alone).

    Written in Python rather than as template markup because the article page prints it for
    every claim in its side panel, up to a thousand times; `sources/partials/evidence_summary.html`
    calls this too, so the markup is defined here only.
    """
    if summary is None or not summary.total:
        return _NO_EVIDENCE
    return _summary_html(*summary.totals)


@functools.lru_cache(maxsize=1024)
def _summary_html(stances: tuple[int, ...], levels: tuple[int, ...]) -> SafeString:
    """The markup for these counts per stance and per reliability level (vocabulary order).

    Remembered across rows and requests because it depends on these seven small numbers only:
    most claims have a handful of citations, so the combinations recur (425 of them among the
    1,000 claims of the bench's article, 1,024 kept), and writing every row afresh was most of
    the cost of the article page's claim list (issue 8)."""
    tallies = "".join(
        f'<span class="tally stance--{escape(tally.stance.value)}'
        f'{"" if tally.count else " tally--none"}">'
        f'<span aria-hidden="true">{escape(tally.icon)}</span> {tally.count:d} '
        f"{escape(tally.label)}</span> "
        for tally in stance_tallies(stances)
    )
    sources = ", ".join(
        f"{level.count:d} {escape(level.label)}" for level in reliability_tallies(levels)
    )
    return mark_safe(  # every value above is escaped or an integer
        '<p class="evidence-summary"><span class="visually-hidden">Evidence: </span>'
        f'{tallies}<span class="evidence-summary__reliability">Sources: {sources} reliability'
        "</span></p>"
    )
