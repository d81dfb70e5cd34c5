"""Template tags of the article reading page: the highlighted text and the list of claims.

Their markup is written here in Python, not in the template, because an article may carry a
thousand overlapping claims: the template engine spends some microseconds on every tag, variable,
filter and include it renders, which at a thousand segments and a thousand list rows made the
page six times slower than the same article with one claim (issue 8). static/js/selection.js
and annotate.js read this markup (`data-offset`, `data-claims`, `data-claim-id`, `data-jump`,
`.claim-item__open`); tests/browser drive it. It is written with project.html's templates, which
escape every value they are given.
"""

from __future__ import annotations

import functools
from typing import Final, NamedTuple

from django import template
from django.conf import settings
from django.utils.safestring import SafeString

from annotations.selectors.claims import (
    DEEPEST_SHOWN_NESTING,
    ArticleReadingView,
    ReadingBlock,
    ReadingClaim,
    ReadingSegment,
)
from annotations.workflow import ClaimStatus
from project.html import Markup, html_integers, html_join, html_template, safe, safe_join_ascii
from project.memo import BoundedMemo
from project.routes import path_around_id
from sources.templatetags.evidence import summary_markup

register = template.Library()


class ReaderMarkup(NamedTuple):
    text: SafeString
    claims: SafeString


# The reader's markup, remembered by what it is made of (`ArticleReadingView.rendering_key`): an
# article read again, unchanged, is not written again. On the article with a thousand claims
# writing the highlighted text and the side panel took about 10 ms of the page's 40 (issue 18);
# a change to any claim, tag or citation shown makes a new key, so nothing remembered is shown
# out of date. Kept per process, up to READER_MEMO_CHARACTERS characters in all
# (project/memo.py says why not in the shared cache).
_READERS: Final = BoundedMemo[ReaderMarkup](
    settings.READER_MEMO_CHARACTERS, size=lambda markup: len(markup.text) + len(markup.claims)
)


def _reader_markup(reading: ArticleReadingView) -> ReaderMarkup:
    """The highlighted text and the claims panel's list, written together when not remembered."""
    return _READERS.get_or_make(
        reading.rendering_key,
        lambda: ReaderMarkup(
            text=safe_join_ascii(_block_html(block) for block in reading.blocks),
            claims=_claim_list_html(reading.claims),
        ),
    )


_BLOCKS: Final = {
    tag: html_template(f'<{tag} class="block block--{{}}" data-offset="{{}}">{{}}</{tag}>')
    for tag in ("p", "h2", "h3", "h4")
}
"""A block's element per tag name: the tag comes from the text's structure, never from a hole."""
_CHANGED_BLOCKS: Final = {
    tag: html_template(
        f'<{tag} class="block block--{{}}" data-offset="{{}}"'
        f" hx-swap-oob=\"outerHTML:#article-text > [data-offset='{{}}']\">{{}}</{tag}>"
    )
    for tag in _BLOCKS
}
"""A block that replaces the page's block at the same offset (htmx, out of band)."""
_PLAIN_SEGMENT: Final = html_template('<span data-offset="{:d}">{}</span>')
_CLAIMED_SEGMENT: Final = html_template(
    '<mark class="{}" data-claims="{}" data-offset="{:d}">{}</mark>'
)
_HIGHLIGHT_CLASSES: Final = {
    (status.value, depth): html_join([f"hl hl--{status.value} hl--depth-{depth}"])
    for status in ClaimStatus
    for depth in range(1, DEEPEST_SHOWN_NESTING + 1)
}
"""The class attribute of each status at each depth (`ReadingSegment.css_class`), written once."""
_STATUS: Final = html_template('<span class="status status--{}">{}</span>')
_STATUS_HTML: Final = {status.value: _STATUS(status.value, status.label) for status in ClaimStatus}
"""Each status's badge, built once rather than in every row."""
_TAG: Final = html_template('<span class="chip">{}</span>')
_NO_CITATIONS: Final = html_template('<span class="claim-item__citations">0 citations</span>')()
# A line per element, as in a template: the side panel's markup keeps its line breaks and indents.
# The link to the claim's page is the route's path around the id, each part written once.
_CLAIM_ITEM: Final = html_template(
    """<li class="claim-item" id="claim-{:d}" data-claim-id="{:d}">
        <button type="button" class="claim-item__jump" data-jump="{:d}">{}</button>
        <div class="claim-item__meta">
          {}
          {}
          {}
          <a class="claim-item__open" href="{}{:d}{}">Open<span class="visually-hidden"> claim {:d}</span></a>
        </div>
      </li>"""  # noqa: E501
)


@register.simple_tag
def article_text(reading: ArticleReadingView) -> SafeString:
    """The blocks of the text, each a `<p>` or heading of adjacent `<span|mark data-offset>`
    leaves, with no whitespace between tags: every element with `data-offset` holds exactly the
    canonical text from that offset, so selection.js maps a selection back to code points.
    Remembered by the reader's `rendering_key` (see `_READERS`)."""
    return _reader_markup(reading).text


def _block_html(block: ReadingBlock) -> Markup:
    return _BLOCKS[block.tag](block.kind, block.start, _segments_html(block))


def _segments_html(block: ReadingBlock) -> Markup:
    return html_join(_segment_html(segment) for segment in block.segments)


@register.simple_tag
def changed_blocks(blocks: list[ReadingBlock]) -> SafeString:
    """Blocks cut again after a change, each marked to replace the block that starts at the
    same offset in `#article-text`: the answer to saving a claim carries only these."""
    return safe_join_ascii(
        _CHANGED_BLOCKS[block.tag](block.kind, block.start, block.start, _segments_html(block))
        for block in blocks
    )


def _segment_html(segment: ReadingSegment) -> Markup:
    start, text, claim_ids, status = segment
    if not claim_ids:
        return _PLAIN_SEGMENT(start, text)
    depth = len(claim_ids) if len(claim_ids) < DEEPEST_SHOWN_NESTING else DEEPEST_SHOWN_NESTING
    return _CLAIMED_SEGMENT(
        _HIGHLIGHT_CLASSES[status, depth], html_integers(claim_ids), start, text
    )


@register.simple_tag
def claim_list(reading: ArticleReadingView, can_annotate: bool) -> SafeString:
    """The side panel's list, one `<li>` per claim: its text (a button that jumps to the
    highlight), status, tags, evidence counts when it has citations, and a link to its page;
    or, without claims, the panel's empty state. Chosen here rather than under an `{% if %}`,
    because each template level copies all it holds, a megabyte on the heavy article."""
    if not reading.claims:
        return safe(_EMPTY_FOR_EDITORS if can_annotate else _EMPTY)
    return _reader_markup(reading).claims


def _claim_list_html(claims: list[ReadingClaim]) -> SafeString:
    path = _claim_path()
    items = (_claim_item_html(claim, path=path) for claim in claims)
    # Every row on a line of its own, as the template wrote them (and claim_added.html does).
    return safe_join_ascii((_LIST_START, *items, _LIST_END), separator="\n      ")


_LIST_START: Final = html_template('<ol class="claim-list" id="claim-list">')()
_LIST_END: Final = html_template("</ol>")()
_EMPTY_FOR_EDITORS: Final = html_template(
    '<p class="empty-state claims-panel__empty" id="claims-empty">No claims yet. Select a'
    " sentence in the article and choose <em>Claim</em>.</p>"
)()
_EMPTY: Final = html_template(
    '<p class="empty-state claims-panel__empty" id="claims-empty">No claims have been marked in'
    " this text yet.</p>"
)()


@register.simple_tag
def new_claim_list_item(claim: ReadingClaim) -> SafeString:
    """The side panel's row of a claim just created."""
    return safe_join_ascii([_claim_item_html(claim, path=_claim_path())])


def _claim_path() -> tuple[Markup, Markup]:
    """The claim page's path before the id and after it."""
    before, after = path_around_id("claim-detail")
    return html_join([before]), html_join([after])


def _claim_item_html(claim: ReadingClaim, *, path: tuple[Markup, Markup]) -> Markup:
    pk, _, _, status, text, tag_names, (_, stance_counts, reliability_counts) = claim
    tags = _tags_html(tuple(tag_names)) if tag_names else _NO_TAGS
    citations = (
        summary_markup(stance_counts, reliability_counts) if any(stance_counts) else _NO_CITATIONS
    )
    before, after = path
    return _CLAIM_ITEM(
        pk, pk, pk, text, _STATUS_HTML[status], tags, citations, before, pk, after, pk
    )


_NO_TAGS: Final = Markup()


@functools.lru_cache(maxsize=1024)
def _tags_html(names: tuple[str, ...]) -> Markup:
    """The chips of these tag names, remembered: an article's claims share a few sets of tags,
    and writing them afresh for each of a thousand rows was a tenth of the list's cost."""
    return html_join(_TAG(name) for name in names)
