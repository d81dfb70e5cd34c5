"""Anchor claims to an article's canonical text with W3C Web Annotation text selectors.

A claim is a span of the canonical text, sent and stored as two selectors: a
``TextPositionSelector`` (offsets) and a ``TextQuoteSelector`` (the quoted text plus a little
context). Offsets count Unicode code points, i.e. Python ``str`` indices, as the W3C model
requires; the browser counts UTF-16 code units, so it converts with the helpers below.

This module has no Django imports: it is shared by the API, the editor views and the tests.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Generic, NamedTuple, TypeVar

CONTEXT_LENGTH: Final = 32
"""Code points of context kept on each side of a quote."""

CONTEXT_MAX_LENGTH: Final = 256
"""The longest prefix or suffix accepted, in code points. Context only disambiguates; bounding
it bounds the cost of matching a quote, which is a few linear scans of the text."""

_EXCERPT_LENGTH: Final = 40
_POSITION_TYPE: Final = "TextPositionSelector"
_QUOTE_TYPE: Final = "TextQuoteSelector"
_SELECTOR_FIELDS: Final = {
    _POSITION_TYPE: {"type", "start", "end"},
    _QUOTE_TYPE: {"type", "exact", "prefix", "suffix"},
}

Key = TypeVar("Key")


class AnchorError(ValueError):
    """Selectors that do not anchor to the text; the message is shown to API users and editors."""


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of code point offsets."""

    start: int
    end: int

    def quote(self, text: str) -> str:
        return text[self.start : self.end]


def position_selector_json(start: int, end: int) -> dict[str, object]:
    """A W3C TextPositionSelector as JSON (a function too, for exports of 100,000 claims)."""
    return {"type": _POSITION_TYPE, "start": start, "end": end}


def quote_selector_json(exact: str, prefix: str = "", suffix: str = "") -> dict[str, object]:
    """A W3C TextQuoteSelector as JSON."""
    return {"type": _QUOTE_TYPE, "exact": exact, "prefix": prefix, "suffix": suffix}


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int

    def to_json(self) -> dict[str, object]:
        return position_selector_json(self.start, self.end)


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_json(self) -> dict[str, object]:
        return quote_selector_json(self.exact, self.prefix, self.suffix)


class Segment(NamedTuple, Generic[Key]):
    """A stretch of text covered by the same set of spans, identified by their keys. A named
    tuple: the article page cuts a thousand of them, and a frozen dataclass cost two and a half
    times as much to build."""

    start: int
    end: int
    keys: tuple[Key, ...]


# Parsing ------------------------------------------------------------------------------------


def parse_selectors(
    data: object,
) -> tuple[TextPositionSelector | None, TextQuoteSelector | None]:
    """Parse one selector object or a list of them, as decoded from an API request's JSON."""
    items = _selector_list(data)
    position: TextPositionSelector | None = None
    quote: TextQuoteSelector | None = None
    seen: set[str] = set()
    for item in items:
        kind = _selector_type(item)
        if kind in seen:
            raise AnchorError(f"more than one {kind} was given; send at most one of each type")
        seen.add(kind)
        _reject_unknown_fields(kind, item)
        if kind == _POSITION_TYPE:
            position = _parse_position(item)
        else:
            quote = _parse_quote(item)
    return position, quote


def _selector_list(data: object) -> list[dict[str, object]]:
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise AnchorError(
            f"selectors must be a selector object or a list of them, not {_json_type(data)}"
        )
    if not data:
        raise AnchorError("the list of selectors is empty")
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise AnchorError(f"selector {index} must be an object, not {_json_type(item)}")
    return data


def _selector_type(item: dict[str, object]) -> str:
    kind = item.get("type")
    if kind is None:
        raise AnchorError("a selector has no 'type'")
    if not isinstance(kind, str) or kind not in _SELECTOR_FIELDS:
        raise AnchorError(
            f"unknown selector type {kind!r}; expected {_POSITION_TYPE} or {_QUOTE_TYPE}"
        )
    return kind


def _reject_unknown_fields(kind: str, item: dict[str, object]) -> None:
    unknown = sorted(str(name) for name in item.keys() - _SELECTOR_FIELDS[kind])
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise AnchorError(f"{kind} has unexpected fields: {names}")


def _parse_position(item: dict[str, object]) -> TextPositionSelector:
    return TextPositionSelector(
        start=_offset_field(item, "start"),
        end=_offset_field(item, "end"),
    )


def _parse_quote(item: dict[str, object]) -> TextQuoteSelector:
    return TextQuoteSelector(
        exact=_string_field(item, "exact", required=True),
        prefix=_string_field(item, "prefix", required=False),
        suffix=_string_field(item, "suffix", required=False),
    )


def _offset_field(item: dict[str, object], name: str) -> int:
    if name not in item:
        raise AnchorError(f"{_POSITION_TYPE} is missing {name!r}")
    value = item[name]
    # bool is an int subclass, but JSON true is never an offset.
    if not isinstance(value, int) or isinstance(value, bool):
        raise AnchorError(f"{_POSITION_TYPE} {name!r} must be an integer, not {_json_type(value)}")
    if value < 0:
        raise AnchorError(f"{_POSITION_TYPE} {name!r} must not be negative (got {value})")
    return value


def _string_field(item: dict[str, object], name: str, *, required: bool) -> str:
    if name not in item:
        if required:
            raise AnchorError(f"{_QUOTE_TYPE} is missing {name!r}")
        return ""
    value = item[name]
    if not isinstance(value, str):
        raise AnchorError(f"{_QUOTE_TYPE} {name!r} must be a string, not {_json_type(value)}")
    return value


def _json_type(value: object) -> str:
    # Name the JSON type the client sent, not the Python class it was decoded into.
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# Building and resolving ---------------------------------------------------------------------


def build_selectors(text: str, span: Span) -> tuple[TextPositionSelector, TextQuoteSelector]:
    """Describe ``span`` of ``text`` with both selectors, as the browser does for a new claim."""
    _check_position(text, span.start, span.end)
    quote = TextQuoteSelector(
        exact=span.quote(text),
        prefix=text[max(0, span.start - CONTEXT_LENGTH) : span.start],
        suffix=text[span.end : span.end + CONTEXT_LENGTH],
    )
    return TextPositionSelector(span.start, span.end), quote


def resolve(
    text: str,
    *,
    position: TextPositionSelector | None = None,
    quote: TextQuoteSelector | None = None,
) -> Span:
    """Find the span the selectors describe, or raise AnchorError saying why there is none."""
    if quote is not None:
        _check_context(quote)
    if position is not None:
        _check_position(text, position.start, position.end)
        span = Span(position.start, position.end)
        if quote is not None:
            _check_quote_at(text, span, quote)
        return span
    if quote is not None:
        return _find_quote(text, quote)
    raise AnchorError(f"no selector was given; send a {_POSITION_TYPE} or a {_QUOTE_TYPE}")


def _check_position(text: str, start: int, end: int) -> None:
    if start < 0:
        raise AnchorError(f"start {start} is negative")
    if end < start:
        raise AnchorError(f"end {end} is before start {start}")
    if end == start:
        raise AnchorError(f"the span {start}–{end} is empty")
    if end > len(text):
        raise AnchorError(f"end {end} is beyond the end of the text ({len(text)} code points)")


def _check_quote_at(text: str, span: Span, quote: TextQuoteSelector) -> None:
    actual = span.quote(text)
    if actual != quote.exact:
        raise AnchorError(
            f"the quote does not match the text at {span.start}–{span.end}: "
            f"the text there is {_excerpt(actual)}, the quote is {_excerpt(quote.exact)}"
        )
    before = text[max(0, span.start - len(quote.prefix)) : span.start]
    if before != quote.prefix:
        raise AnchorError(
            f"the prefix does not match the text before {span.start}: "
            f"the text there is {_excerpt(before)}, the prefix is {_excerpt(quote.prefix)}"
        )
    after = text[span.end : span.end + len(quote.suffix)]
    if after != quote.suffix:
        raise AnchorError(
            f"the suffix does not match the text after {span.end}: "
            f"the text there is {_excerpt(after)}, the suffix is {_excerpt(quote.suffix)}"
        )


def _check_context(quote: TextQuoteSelector) -> None:
    for name, value in (("prefix", quote.prefix), ("suffix", quote.suffix)):
        if len(value) > CONTEXT_MAX_LENGTH:
            raise AnchorError(
                f"the {name} is {len(value)} code points long; at most {CONTEXT_MAX_LENGTH} are "
                "accepted (a few words of context are enough to say which occurrence is meant)"
            )


def _find_quote(text: str, quote: TextQuoteSelector) -> Span:
    # A fixed number of str.find calls, each linear in the text (CPython switches to the
    # two-way algorithm for long needles): never one scan per occurrence.
    if not quote.exact:
        raise AnchorError("the quote is empty")
    first = text.find(quote.exact)
    if first == -1:
        raise AnchorError(f"quote not found: {_excerpt(quote.exact)} does not occur in the text")
    # Context only disambiguates, as in W3C/Hypothesis anchoring: a unique quote is enough.
    if text.find(quote.exact, first + 1) == -1:
        return Span(first, first + len(quote.exact))
    return _find_in_context(text, quote)


def _find_in_context(text: str, quote: TextQuoteSelector) -> Span:
    if not quote.prefix and not quote.suffix:
        raise AnchorError(
            f"the quote {_excerpt(quote.exact)} occurs more than once in the text; "
            "a prefix or suffix is needed to say which one is meant"
        )
    # An occurrence fits when the prefix ends where it starts and the suffix starts where it
    # ends: exactly an occurrence of the three joined together.
    whole = quote.prefix + quote.exact + quote.suffix
    fitting = text.find(whole)
    if fitting == -1:
        raise AnchorError(
            f"the quote {_excerpt(quote.exact)} occurs more than once in the text, "
            "but none of them has the given prefix and suffix"
        )
    if text.find(whole, fitting + 1) != -1:
        raise AnchorError(
            f"the quote {_excerpt(quote.exact)} occurs more than once in the text and more "
            "than one of them has the given prefix and suffix; "
            "a longer prefix or suffix is needed to say which one is meant"
        )
    start = fitting + len(quote.prefix)
    return Span(start, start + len(quote.exact))


def _excerpt(value: str) -> str:
    # Keep both ends: a prefix matters at its end, a suffix at its start.
    if len(value) > _EXCERPT_LENGTH:
        half = _EXCERPT_LENGTH // 2
        value = f"{value[:half]}…{value[-half:]}"
    return f"“{value}”"


# UTF-16 offsets (what the browser's JavaScript counts) --------------------------------------


def utf16_to_codepoint_offset(text: str, utf16_offset: int) -> int:
    """Convert a JavaScript string offset into ``text`` to a code point offset."""
    _check_offset(utf16_offset, _utf16_length(text), "UTF-16 offset", "UTF-16 code units")
    units = 0
    for index, char in enumerate(text):
        if units == utf16_offset:
            return index
        units += _utf16_width(char)
        if units > utf16_offset:
            raise AnchorError(
                f"UTF-16 offset {utf16_offset} falls inside the surrogate pair of "
                f"{char!r} at code point {index}"
            )
    return len(text)


def codepoint_to_utf16_offset(text: str, cp_offset: int) -> int:
    """Convert a code point offset into ``text`` to the offset JavaScript would use."""
    _check_offset(cp_offset, len(text), "code point offset", "code points")
    return sum(_utf16_width(char) for char in text[:cp_offset])


def _utf16_width(char: str) -> int:
    # Characters beyond the Basic Multilingual Plane take a surrogate pair in UTF-16.
    return 2 if ord(char) > 0xFFFF else 1


def _utf16_length(text: str) -> int:
    return sum(_utf16_width(char) for char in text)


def _check_offset(offset: int, length: int, what: str, unit: str) -> None:
    if offset < 0:
        raise AnchorError(f"{what} {offset} is negative")
    if offset > length:
        raise AnchorError(f"{what} {offset} is beyond the end of the text ({length} {unit})")


# Rendering overlapping highlights -----------------------------------------------------------


def segments(text_length: int, spans: Iterable[tuple[Key, Span]]) -> list[Segment[Key]]:
    """Split ``[0, text_length)`` at every span boundary, listing the spans covering each piece.

    Keys appear in the order the spans were given. A sweep line over the sorted boundaries
    costs O(n log n) for n spans plus the size of the output, whatever the text's length.
    """
    if text_length < 0:
        raise ValueError(f"text length {text_length} is negative")
    keyed = list(spans)
    starting: dict[int, list[int]] = {}
    ending: dict[int, list[int]] = {}
    for index, (key, span) in enumerate(keyed):
        _check_segment_span(key, span, text_length)
        starting.setdefault(span.start, []).append(index)
        ending.setdefault(span.end, []).append(index)
    boundaries = sorted({0, text_length, *starting, *ending})
    key_at = [key for key, _ in keyed].__getitem__
    active: list[int] = []  # indices into keyed, kept sorted so keys follow the input order
    result: list[Segment[Key]] = []
    for start, end in itertools.pairwise(boundaries):
        for index in ending.get(start, ()):
            del active[bisect.bisect_left(active, index)]
        for index in starting.get(start, ()):
            bisect.insort(active, index)
        result.append(Segment(start, end, tuple(map(key_at, active))))
    return result


def _check_segment_span(key: object, span: Span, text_length: int) -> None:
    if span.start >= span.end:
        raise ValueError(f"the span for {key!r} ({span.start}–{span.end}) is empty or reversed")
    if span.start < 0 or span.end > text_length:
        raise ValueError(
            f"the span for {key!r} ({span.start}–{span.end}) is outside the text (0–{text_length})"
        )


# Showing a quote in its context -------------------------------------------------------------

PARAGRAPH_BREAK: Final = "\n\n"  # between blocks of the canonical text
_PARTIAL_WORD_AT_START = re.compile(r"^\S*\s+|^\S+$")
_PARTIAL_WORD_AT_END = re.compile(r"\s+\S*$|^\S+$")


@dataclass(frozen=True)
class QuoteInContext:
    """A quote with the words around it, as people read it: the context starts and ends at word
    boundaries, and `more_before` / `more_after` say whether the text goes on (an ellipsis)."""

    before: str
    exact: str
    after: str
    more_before: bool
    more_after: bool


def quote_in_context(
    *, prefix: str, exact: str, suffix: str, start: int, end: int, text_length: int | None = None
) -> QuoteInContext:
    """The stored quote selector's context (`CONTEXT_LENGTH` characters each side, cut anywhere)
    trimmed to whole words where the text was cut, and to the quote's paragraph. Without
    `text_length`, a suffix shorter than `CONTEXT_LENGTH` is taken to end at the end of the
    text, as `build_selectors` cuts it."""
    more_before = start > len(prefix)
    if text_length is None:
        more_after = len(suffix) >= CONTEXT_LENGTH
    else:
        more_after = end + len(suffix) < text_length
    before = _PARTIAL_WORD_AT_START.sub("", prefix, count=1) if more_before else prefix
    after = _PARTIAL_WORD_AT_END.sub("", suffix, count=1) if more_after else suffix
    # The context stays within the quote's paragraph, whose edges need no ellipsis.
    if PARAGRAPH_BREAK in before:
        before, more_before = before.rsplit(PARAGRAPH_BREAK, 1)[1], False
    if PARAGRAPH_BREAK in after:
        after, more_after = after.split(PARAGRAPH_BREAK, 1)[0], False
    return QuoteInContext(before, exact, after, more_before, more_after)
