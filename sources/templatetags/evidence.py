"""Template helpers for evidence: `summary|evidence_summary_html` writes the compact evidence
counts of a list row; `{% incoming_citation_items incoming_citations article %}` the rows citing
an article. (A claim's whole evidence section is loaded by `annotations.templatetags.
claim_evidence`.)"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from html import escape
from typing import Protocol

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from project.html import href_with_id, truncate_chars
from sources.models import Citation
from sources.presentation import RELIABILITY_ICONS, STANCE_ICONS
from sources.selectors.evidence import (
    EvidenceSummary,
    reliability_tallies,
    stance_tallies,
)
from sources.vocabulary import STANCE_DESCRIPTIONS, Reliability, Stance

register = template.Library()


class CitedArticle(Protocol):
    """What the list of incoming citations reads of the cited article."""

    current_revision_id: int | None


_NO_EVIDENCE = format_html(
    '<p class="evidence-summary evidence-summary--empty">{}</p>', "No evidence yet"
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


@register.simple_tag
def incoming_citation_items(citations: Iterable[Citation], article: CitedArticle) -> SafeString:
    """The `<li>` rows of an article's "Cited as evidence by" list, as the template loop wrote
    them: a popular article is cited hundreds of times, and per row the loop cost two URL
    reversals and two `truncatechars` (~32 ms for 300 rows). Here each URL is reversed once and
    the ids filled in, and short texts skip the truncation's walk over every character."""
    claim_href, article_href = href_with_id("claim-detail"), href_with_id("article-detail")
    stances = {stance.value: _stance_html(stance) for stance in Stance}
    return mark_safe(  # every value below is escaped or an integer
        "".join(
            f"""
    <li class="incoming-citation">
      {stances[citation.stance]}
      <a href="{claim_href(citation.claim_id)}">claim “{escape(truncate_chars(citation.claim.text, 100))}”</a>
      in <a href="{article_href(citation.claim.article_id)}">{escape(citation.claim.article.title)}</a>
      <blockquote class="incoming-citation__quote">{escape(truncate_chars(citation.cited_exact, 240))}{_revision_note(citation, article)}</blockquote>
    </li>
    """  # noqa: E501 (a line per element, as in a template)
            for citation in citations
        )
    )


def _stance_html(stance: Stance) -> str:
    return (
        f'<span class="stance stance--{escape(stance.value)}"><span class="stance__icon" '
        f'aria-hidden="true">{escape(STANCE_ICONS[stance])}</span> {escape(stance.label)}</span>'
    )


def _revision_note(citation: Citation, article: CitedArticle) -> str:
    """Which revision a citation quotes, when it is not the one the page shows."""
    if citation.cited_revision_id == article.current_revision_id:
        return ""
    return f' <span class="muted">(revision {citation.cited_revision.number:d})</span>'
