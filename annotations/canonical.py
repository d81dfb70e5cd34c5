"""Turn plain text, Markdown or HTML into a canonical document.

Every annotation is anchored by offsets into the canonical text, so these rules are a
contract; changing them changes ``content_hash`` and invalidates stored offsets:

* Unicode NFC. Lone surrogates become U+FFFD.
* Line breaks are ``"\\n"``: CRLF, CR, NEL, VT, FF and U+2028 become ``"\\n"``; U+2029
  (paragraph separator) becomes a blank line.
* Control characters other than ``"\\n"`` are removed, each tab becomes one space and U+FEFF
  is removed. Format characters (ZWJ, ZWNJ, bidi marks), emoji and combining marks are kept.
* Trailing whitespace is stripped from every line; leading indentation is kept.
* Blocks are separated by exactly one blank line (``"\\n\\n"``) and never contain a blank line
  themselves, so ``text.split("\\n\\n")`` yields the blocks' texts in order. A block that
  would contain one (a code sample, say) is split into several blocks of the same kind.
* No leading or trailing blank lines, and no trailing newline.
* Block offsets count code points (Python ``str`` indices), not bytes or UTF-16 units.

List items are paragraph blocks prefixed with ``"• "`` (bullets) or ``"N. "`` (ordered
lists, numbered from the list's ``start``); nested items are not indented. Table rows are
paragraph blocks with cells joined by ``" | "``.

Reading is bounded by the size of the upload, never by a product of its parts: markup with more
than ``MAX_ELEMENTS`` elements or a Markdown parse taking more than ``MARKDOWN_STEPS_PER_CHAR``
steps per character raises :class:`TooComplex`; elements nested more than ``MAX_NESTING`` deep
raise :class:`TooDeeplyNested`.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from bs4 import (
    BeautifulSoup,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    Tag,
    XMLParsedAsHTMLWarning,
)
from bs4.element import PreformattedString
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from project.web_urls import is_web_url

# Uploads are markup, never a URL or file name, and XHTML is deliberately parsed as HTML.
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)
warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)

Format = Literal["text", "markdown", "html"]
BlockKind = Literal["heading", "paragraph"]

BLOCK_SEPARATOR: Final = "\n\n"

MAX_ELEMENTS: Final = 20_000
"""The most HTML elements read from one upload (a long article's saved page has a few thousand)."""
MAX_NESTING: Final = 90
"""The deepest nesting of elements read (real pages stay under 40; Markdown's own limit is 100)."""
MARKDOWN_STEPS_PER_CHAR: Final = 3
"""Markdown parsing steps allowed per character of input: prose and ordinary markup take less
than 2, while a run of unclosed brackets would take one scan of the rest per bracket."""
_MARKDOWN_BASE_STEPS: Final = 10_000
BULLET: Final = "• "
CELL_SEPARATOR: Final = " | "


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or paragraph: ``text[start:end]``, in code points. ``level`` is 1-6 for
    headings and 0 for paragraphs."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0


@dataclass(frozen=True)
class CanonicalDocument:
    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """SHA-256 hex digest of the UTF-8 encoded text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]


class DocumentRefused(ValueError):
    """An upload that is not read; the message says why, for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooComplex(DocumentRefused):
    """Reading the upload would take more work than its size justifies."""


class TooDeeplyNested(DocumentRefused):
    """The upload nests elements deeper than MAX_NESTING."""


@dataclass(frozen=True, slots=True)
class _RawBlock:
    """A block's text before canonicalization; it may still hold blank lines."""

    kind: BlockKind
    text: str
    level: int = 0


# --- Character-level rules ------------------------------------------------------------

_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
_LINE_BREAK: Final = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028]")
_UNWANTED: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
_BLANK_LINES: Final = re.compile(r"\n{2,}")


def _normalize_characters(s: str) -> str:
    # Tabs survive this step because Markdown indentation depends on them; it runs again,
    # harmlessly, on the text extracted from the markup.
    s = _SURROGATE.sub("\ufffd", s)
    s = _LINE_BREAK.sub("\n", s).replace("\u2029", "\n\n")
    return _UNWANTED.sub("", s)


def _block_chunks(s: str) -> list[str]:
    """The canonical texts of the blocks that ``s`` splits into at blank lines."""
    s = unicodedata.normalize("NFC", _normalize_characters(s).replace("\t", " "))
    s = "\n".join(line.rstrip() for line in s.split("\n")).strip("\n")
    return [chunk for chunk in _BLANK_LINES.split(s) if chunk]


def _assemble(raw_blocks: Iterable[_RawBlock]) -> tuple[str, tuple[Block, ...]]:
    pieces: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for raw in raw_blocks:
        for chunk in _block_chunks(raw.text):
            if pieces:
                pieces.append(BLOCK_SEPARATOR)
                offset += len(BLOCK_SEPARATOR)
            pieces.append(chunk)
            blocks.append(Block(raw.kind, offset, offset + len(chunk), raw.level))
            offset += len(chunk)
    return "".join(pieces), tuple(blocks)


def _one_line(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _normalize_characters(s)).split())


# --- Plain text -----------------------------------------------------------------------


def canonicalize_plain_text(s: str) -> CanonicalDocument:
    """Every run of non-blank lines is a paragraph; single line breaks inside it are kept
    (poetry, addresses). The title is left empty for the caller to decide."""
    text, blocks = _assemble([_RawBlock("paragraph", s)])
    return CanonicalDocument(text=text, blocks=blocks)


# --- HTML -----------------------------------------------------------------------------

_DROPPED_TAGS: Final = frozenset({
    "audio", "button", "canvas", "embed", "footer", "form", "head", "iframe", "math", "nav",
    "noscript", "object", "script", "select", "style", "svg", "template", "textarea", "video",
})  # fmt: skip
_HEADING_LEVELS: Final = {f"h{level}": level for level in range(1, 7)}
_PREFORMATTED_TAGS: Final = frozenset({"pre", "listing", "plaintext", "xmp"})
_CELL_TAGS: Final = frozenset({"td", "th"})
_STRUCTURAL_TAGS: Final = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "header", "hgroup",
    "hr", "html", "legend", "li", "main", "menu", "ol", "p", "section", "summary", "table",
    "tbody", "tfoot", "thead", "tr", "ul",
})  # fmt: skip
_BLOCK_TAGS: Final = _STRUCTURAL_TAGS | frozenset(_HEADING_LEVELS) | _PREFORMATTED_TAGS
# Browsers collapse only ASCII whitespace; a no-break space is content.
_HTML_WHITESPACE: Final = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True, slots=True)
class _Context:
    heading_level: int = 0
    preformatted: bool = False


class _BlockCollector:
    """Accumulates inline text and cuts it into raw blocks at block boundaries."""

    def __init__(self) -> None:
        self.blocks: list[_RawBlock] = []
        self._parts: list[str] = []
        self._level = 0
        self._marker = ""
        self._cell_boundary = False

    def flush(self) -> None:
        # The pending list marker is deliberately kept: an item's text often sits in a <p>.
        if self._parts:
            kind: BlockKind = "heading" if self._level else "paragraph"
            self.blocks.append(_RawBlock(kind, "".join(self._parts), self._level))
        self._parts = []
        self._cell_boundary = False

    def start_item(self, marker: str) -> None:
        self.flush()
        self._marker = marker

    def end_item(self) -> None:
        self.flush()
        self._marker = ""

    def start_cell(self) -> None:
        self._cell_boundary = bool(self._parts)

    def line_break(self) -> None:
        if self._parts:
            self._parts.append("\n")

    def add_text(self, text: str, context: _Context) -> None:
        if not context.preformatted:
            text = _HTML_WHITESPACE.sub(" ", text)
            if not self._parts or self._parts[-1].endswith((" ", "\n")):
                text = text.lstrip(" ")
        if not text or (self._cell_boundary and not text.strip(" ")):
            return
        if not self._parts:
            self._level = context.heading_level
            text = self._marker + text
            self._marker = ""
        elif self._cell_boundary:
            self._parts[-1] = self._parts[-1].rstrip(" ")
            text = CELL_SEPARATOR + text.lstrip(" ")
        self._cell_boundary = False
        self._parts.append(text)


def _is_dropped(tag: Tag) -> bool:
    return tag.name in _DROPPED_TAGS or tag.has_attr("hidden")


def _is_text(node: PageElement) -> bool:
    # Comments, CDATA, doctypes and processing instructions are PreformattedStrings.
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _child_context(tag: Tag, context: _Context) -> _Context:
    if tag.name in _HEADING_LEVELS:
        return replace(context, heading_level=_HEADING_LEVELS[tag.name])
    if tag.name in _PREFORMATTED_TAGS:
        return replace(context, preformatted=True)
    return context


def _ordered_list_start(tag: Tag) -> int:
    try:
        return int(str(tag.get("start", "1")).strip())
    except ValueError:
        return 1


def _item_markers(tag: Tag) -> Iterator[str]:
    if tag.name == "ol":
        return (f"{number}. " for number in itertools.count(_ordered_list_start(tag)))
    return itertools.repeat(BULLET)


def _enter(collector: _BlockCollector, tag: Tag, marker: str) -> None:
    if tag.name == "li":
        collector.start_item(marker)
    elif tag.name == "br":
        collector.line_break()
    elif tag.name in _CELL_TAGS:
        collector.start_cell()
    elif tag.name in _BLOCK_TAGS:
        collector.flush()


def _leave(collector: _BlockCollector, tag: Tag) -> None:
    if tag.name == "li":
        collector.end_item()
    elif tag.name in _BLOCK_TAGS:
        collector.flush()


def _html_blocks(root: Tag) -> list[_RawBlock]:
    collector = _BlockCollector()
    # An explicit stack rather than recursion: uploads may nest elements arbitrarily deep.
    # Entries are (node, context, list marker, depth); a context of None marks leaving the node.
    stack: list[tuple[PageElement, _Context | None, str, int]] = [(root, _Context(), BULLET, 0)]
    while stack:
        node, context, marker, depth = stack.pop()
        if context is None:
            assert isinstance(node, Tag)
            _leave(collector, node)
        elif isinstance(node, Tag):
            if _is_dropped(node):
                continue
            if depth > MAX_NESTING:
                raise TooDeeplyNested(
                    f"The markup nests elements more than {MAX_NESTING} levels deep, which no "
                    "article needs; upload the article's text or a simpler copy of the page."
                )
            _enter(collector, node, marker)
            stack.append((node, None, "", depth))
            stack.extend(reversed(_children(node, _child_context(node, context), depth + 1)))
        elif _is_text(node):
            collector.add_text(str(node), context)
    collector.flush()
    return collector.blocks


def _children(
    tag: Tag, context: _Context, depth: int
) -> list[tuple[PageElement, _Context | None, str, int]]:
    markers = _item_markers(tag)
    return [
        (
            child,
            context,
            next(markers) if isinstance(child, Tag) and child.name == "li" else "",
            depth,
        )
        for child in tag.children
    ]


# A start tag as the HTML tokenizer sees one: "<" and a letter.
_START_TAG: Final = re.compile(r"<[A-Za-z]")


def _parse_html(s: str) -> BeautifulSoup:
    # Building the tree costs the most per element, so count them before building it.
    elements = sum(1 for _ in _START_TAG.finditer(s))
    if elements > MAX_ELEMENTS:
        raise TooComplex(
            f"The markup has {elements:,} elements; at most {MAX_ELEMENTS:,} are read. Upload "
            "the article's text, or save the page in the browser's reader view first."
        )
    return BeautifulSoup(_normalize_characters(s), "lxml")


def _tidy(value: Any) -> str:
    return _one_line(value) if isinstance(value, str) else ""


def _meta_content(soup: BeautifulSoup, key: str) -> str:
    # Sites put Open Graph keys in name= as often as in property=.
    for meta in soup.find_all("meta"):
        names = {_tidy(meta.get("name")).lower(), _tidy(meta.get("property")).lower()}
        if key in names and (content := _tidy(meta.get("content"))):
            return content
    return ""


def _canonical_link(soup: BeautifulSoup) -> str:
    for link in soup.find_all("link"):
        rel = link.get("rel") or []
        if "canonical" in {str(value).lower() for value in rel}:
            return _tidy(link.get("href"))
    return ""


def _http_url(candidates: Iterable[str]) -> str:
    return next((candidate for candidate in candidates if is_web_url(candidate)), "")


def _time_datetime(soup: BeautifulSoup) -> str:
    scope = soup.find("article") or soup
    time = scope.find("time", attrs={"datetime": True})
    return _tidy(time.get("datetime")) if isinstance(time, Tag) else ""


def _first_nonempty(candidates: Iterable[str]) -> str:
    return next((value for value in candidates if value), "")


def _html_metadata(soup: BeautifulSoup) -> dict[str, str]:
    html = soup.find("html")
    found = {
        "url": _http_url([_canonical_link(soup), _meta_content(soup, "og:url")]),
        "author": _first_nonempty(
            [_meta_content(soup, "author"), _meta_content(soup, "article:author")]
        ),
        "publisher": _meta_content(soup, "og:site_name"),
        "published": _first_nonempty(
            [
                _meta_content(soup, "article:published_time"),
                _meta_content(soup, "date"),
                _time_datetime(soup),
            ]
        ),
        "language": _tidy(html.get("lang")) if isinstance(html, Tag) else "",
    }
    return {key: value for key, value in found.items() if value}


def _html_title(soup: BeautifulSoup) -> str:
    head = soup.find("head")
    title = head.find("title") if isinstance(head, Tag) else None
    return _one_line(title.get_text()) if isinstance(title, Tag) else ""


def _first_heading(text: str, blocks: Sequence[Block], *, level: int | None = None) -> str:
    for block in blocks:
        if block.kind == "heading" and (level is None or block.level == level):
            return _one_line(text[block.start : block.end])
    return ""


def canonicalize_html(s: str) -> CanonicalDocument:
    """Extract the readable text of an HTML page.

    Non-content elements (scripts, styles, frames, navigation, forms, ``hidden`` elements…)
    are dropped with everything inside them; images contribute nothing. The title is the
    ``<title>``, else the first ``<h1>``.
    """
    soup = _parse_html(s)
    text, blocks = _assemble(_html_blocks(soup))
    title = _html_title(soup) or _first_heading(text, blocks, level=1)
    return CanonicalDocument(text=text, blocks=blocks, title=title, metadata=_html_metadata(soup))


# --- Markdown -------------------------------------------------------------------------


def _accept_any_link(url: str) -> bool:
    # Only a link's text reaches the canonical text, never its target, so even a
    # javascript: link is harmless; rejecting it would leave "[text](...)" in the prose.
    return True


def _render_image_as_alt_text(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    children = tokens[idx].children or []
    return escapeHtml(renderer.renderInlineAsText(children, options, env))


class _StepBudget:
    """Counts markdown-it's inline parsing steps and stops the parse when they run out."""

    ENV_KEY: Final = "corroborate_step_budget"

    def __init__(self, source_length: int) -> None:
        self.remaining = MARKDOWN_STEPS_PER_CHAR * source_length + _MARKDOWN_BASE_STEPS

    def spend(self) -> None:
        self.remaining -= 1
        if self.remaining < 0:
            raise TooComplex(
                "The Markdown takes too long to read: it has constructs that never close "
                "(such as runs of “[”). Upload the article's text, or fix its markup."
            )


def _count_inline_step(state: StateInline, silent: bool) -> bool:
    # Runs first at every position the inline parser tries; matches nothing.
    state.env[_StepBudget.ENV_KEY].spend()
    return False


def _counting_skip_token(parser: ParserInline) -> Callable[[StateInline], None]:
    # Link labels are scanned by skipping token after token, mostly from a cache that the
    # inline rules never see: this is where a run of "[" costs quadratic time.
    skip_token = parser.skipToken

    def skip(state: StateInline) -> None:
        state.env[_StepBudget.ENV_KEY].spend()
        skip_token(state)

    return skip


def _markdown_parser() -> MarkdownIt:
    # The preset's nesting limit of 20 silently drops the rest of the document once a list
    # is ten levels deep; 100 is markdown-it's default and still bounds its recursion.
    md = MarkdownIt("commonmark", {"maxNesting": 100}).enable("table")
    md.validateLink = _accept_any_link  # type: ignore[method-assign]
    md.add_render_rule("image", _render_image_as_alt_text)
    md.inline.ruler.before(md.inline.ruler.get_all_rules()[0], "step_budget", _count_inline_step)
    md.inline.skipToken = _counting_skip_token(md.inline)  # type: ignore[method-assign]
    return md


_MARKDOWN: Final = _markdown_parser()


def canonicalize_markdown(s: str) -> CanonicalDocument:
    """Render CommonMark (plus tables) and extract the text as :func:`canonicalize_html`
    does, so raw HTML inside Markdown obeys the same rules.

    Inline markup is reduced to its text (links to their text, images to their alt text);
    soft line breaks inside a paragraph become spaces, hard breaks stay line breaks, and code
    blocks keep their lines. The title is the first heading of any level.
    """
    source = _normalize_characters(s)
    html = _MARKDOWN.render(source, {_StepBudget.ENV_KEY: _StepBudget(len(source))})
    soup = _parse_html(html)
    text, blocks = _assemble(_html_blocks(soup))
    return CanonicalDocument(text=text, blocks=blocks, title=_first_heading(text, blocks))


# --- Dispatch -------------------------------------------------------------------------

_CANONICALIZERS: Final[dict[str, Callable[[str], CanonicalDocument]]] = {
    "text": canonicalize_plain_text,
    "markdown": canonicalize_markdown,
    "html": canonicalize_html,
}
_EXTENSION_FORMATS: Final[dict[str, Format]] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
_SNIFF_CHARS: Final = 4096
_HTML_HINT: Final = re.compile(
    r"<!doctype\s+html|<html[\s>]|<br\s*/?>"
    r"|</(?:p|div|span|a|b|i|em|strong|h[1-6]|article|section|main|body|ul|ol|li|table|tr|td)\s*>",
    re.IGNORECASE,
)


def canonicalize(content: str, fmt: Format) -> CanonicalDocument:
    try:
        canonicalizer = _CANONICALIZERS[fmt]
    except KeyError:
        raise ValueError(f"Unknown format: {fmt!r}") from None
    return canonicalizer(content)


def guess_format(filename: str | None, content: str) -> Format:
    """Go by the file extension when it is a known one, else sniff for HTML tags.

    Markdown is only ever chosen by extension: Markdown and plain text look alike.
    """
    if filename:
        extension = os.path.splitext(filename)[1].lower()
        if extension in _EXTENSION_FORMATS:
            return _EXTENSION_FORMATS[extension]
    return "html" if _HTML_HINT.search(content[:_SNIFF_CHARS]) else "text"
