"""Template tags of the article reading page: the highlighted text and the list of claims.

Their markup is written here in Python, not in the template, because an article may carry a
thousand overlapping claims: the template engine spends some microseconds on every tag, variable,
filter and include it renders, which at a thousand segments and a thousand list rows made the
page six times slower than the same article with one claim (issue 8). static/js/selection.js
and annotate.js read this markup (`data-offset`, `data-claims`, `data-claim-id`, `data-jump`,
`.claim-item__open`); tests/browser drive it.

Each value is escaped with the standard library's `html.escape`, which is what Django's `escape`
calls, without the lazy-string checks that cost more than the escaping at this volume; the
joined result is then marked safe.
"""

from __future__ import annotations

from html import escape
from typing import Final

from django import template
from django.utils.safestring import SafeString, mark_safe

from annotations.selectors.claims import (
    ArticleReadingView,
    ReadingBlock,
    ReadingClaim,
    ReadingSegment,
)
from annotations.workflow import ClaimStatus
from project.html import href_with_id
from sources.selectors.evidence import EvidenceSummary
from sources.templatetags.evidence import evidence_summary_html

register = template.Library()

_STATUS_HTML: Final = {
    status.value: (escape(status.value), escape(status.label)) for status in ClaimStatus
}
"""Each status's class name and label, escaped once rather than in every row."""

_NO_CITATIONS: Final = '<span class="claim-item__citations">0 citations</span>'


@register.simple_tag
def article_text(reading: ArticleReadingView) -> SafeString:
    """The blocks of the text, each a `<p>` or heading of adjacent `<span|mark data-offset>`
    leaves, with no whitespace between tags: every element with `data-offset` holds exactly the
    canonical text from that offset, so selection.js maps a selection back to code points."""
    return mark_safe("".join(_block_html(block) for block in reading.blocks))  # all escaped


def _block_html(block: ReadingBlock) -> str:
    segments = "".join(_segment_html(segment) for segment in block.segments)
    return (
        f'<{block.tag} class="block block--{escape(block.kind)}" data-offset="{block.start:d}">'
        f"{segments}</{block.tag}>"
    )


def _segment_html(segment: ReadingSegment) -> str:
    if not segment.claim_ids:
        return f'<span data-offset="{segment.start:d}">{escape(segment.text)}</span>'
    return (
        f'<mark class="{escape(segment.css_class)}" data-claims="{segment.claims_attribute}" '
        f'data-offset="{segment.start:d}">{escape(segment.text)}</mark>'
    )


@register.simple_tag
def claim_list_items(reading: ArticleReadingView) -> SafeString:
    """One `<li>` per claim for the side panel: its text (a button that jumps to the highlight),
    status, tags, evidence counts when it has citations, and a link to its page."""
    claim_href = href_with_id("claim-detail")
    items = (
        _claim_item_html(claim, href=claim_href(claim.pk), evidence=reading.evidence.get(claim.pk))
        for claim in reading.claims
    )
    return mark_safe("\n      ".join(items))  # all escaped


def _claim_item_html(claim: ReadingClaim, *, href: str, evidence: EvidenceSummary | None) -> str:
    """The markup the template used to hold, with its line breaks and indents."""
    status, status_label = _STATUS_HTML[claim.status]
    tags = "".join(f'<span class="chip">{escape(name)}</span>' for name in claim.tag_names)
    citations = evidence_summary_html(evidence) if evidence and evidence.total else _NO_CITATIONS
    return f"""<li class="claim-item" id="claim-{claim.pk:d}" data-claim-id="{claim.pk:d}">
        <button type="button" class="claim-item__jump" data-jump="{claim.pk:d}">{escape(claim.text)}</button>
        <div class="claim-item__meta">
          <span class="status status--{status}">{status_label}</span>
          {tags}
          {citations}
          <a class="claim-item__open" href="{href}">Open<span class="visually-hidden"> claim {claim.pk:d}</span></a>
        </div>
      </li>"""  # noqa: E501 (a line per element, as in a template)
