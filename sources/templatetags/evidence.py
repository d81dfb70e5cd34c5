"""Template helpers for evidence (they format; the pages' view-models hold the data):
`summary|evidence_summary_html` writes the compact evidence counts of a list row;
`{% incoming_citation_items incoming_citations article %}` the rows citing an article."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Final, Protocol

from django import template
from django.utils.safestring import SafeString

from project.html import Markup, html_join, html_template, safe, truncate_chars
from project.routes import path_with_id
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


_NO_EVIDENCE: Final = safe(
    html_template('<p class="evidence-summary evidence-summary--empty">No evidence yet</p>')()
)
_TALLY: Final = html_template(
    '<span class="tally stance--{}{}"><span aria-hidden="true">{}</span> {} {}</span> '
)
_LEVEL: Final = html_template("{} {}")
_SUMMARY: Final = html_template(
    '<p class="evidence-summary"><span class="visually-hidden">Evidence: </span>'
    '{}<span class="evidence-summary__reliability">Sources: {} reliability</span></p>'
)
_STANCE: Final = html_template(
    '<span class="stance stance--{}"><span class="stance__icon" aria-hidden="true">{}</span> '
    "{}</span>"
)
_STANCE_HTML: Final = {
    stance.value: _STANCE(stance.value, STANCE_ICONS[stance], stance.label) for stance in Stance
}
_REVISION_NOTE: Final = html_template(' <span class="muted">(revision {})</span>')
# A line per element, as in a template.
_INCOMING_CITATION: Final = html_template(
    """
    <li class="incoming-citation">
      {}
      <a href="{}">claim “{}”</a>
      in <a href="{}">{}</a>
      <blockquote class="incoming-citation__quote">{}{}</blockquote>
    </li>
    """
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
    if summary is None or not any(summary.stance_counts):
        return _NO_EVIDENCE
    return safe(summary_markup(summary.stance_counts, summary.reliability_counts))


@functools.lru_cache(maxsize=1024)
def summary_markup(stances: tuple[int, ...], levels: tuple[int, ...]) -> Markup:
    """The markup for these counts per stance and per reliability level (vocabulary order).

    Remembered across rows and requests because it depends on these seven small numbers only:
    most claims have a handful of citations, so the combinations recur (425 of them among the
    1,000 claims of the bench's article, 1,024 kept), and writing every row afresh was most of
    the cost of the article page's claim list (issue 8)."""
    tallies = html_join(
        _TALLY(
            tally.stance.value,
            "" if tally.count else " tally--none",
            tally.icon,
            tally.count,
            tally.label,
        )
        for tally in stance_tallies(stances)
    )
    sources = html_join(
        (_LEVEL(level.count, level.label) for level in reliability_tallies(levels)),
        separator=", ",
    )
    return _SUMMARY(tallies, sources)


@register.simple_tag
def incoming_citation_items(citations: Iterable[Citation], article: CitedArticle) -> SafeString:
    """The `<li>` rows of an article's "Cited as evidence by" list, as the template loop wrote
    them: a popular article is cited hundreds of times, and per row the loop cost two URL
    reversals and two `truncatechars` (~32 ms for 300 rows). Here each URL is reversed once and
    the ids filled in, and short texts skip the truncation's walk over every character."""
    claim_path, article_path = path_with_id("claim-detail"), path_with_id("article-detail")
    rows = (
        _INCOMING_CITATION(
            _STANCE_HTML[citation.stance],
            claim_path(citation.claim_id),
            truncate_chars(citation.claim.text, 100),
            article_path(citation.claim.article_id),
            citation.claim.article.title,
            truncate_chars(citation.cited_exact, 240),
            _revision_note(citation, article),
        )
        for citation in citations
    )
    return safe(html_join(rows))


def _revision_note(citation: Citation, article: CitedArticle) -> Markup | str:
    """Which revision a citation quotes, when it is not the one the page shows."""
    if citation.cited_revision_id == article.current_revision_id:
        return ""
    return _REVISION_NOTE(citation.cited_revision.number)
