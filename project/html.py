"""The one way Python writes HTML: templates whose holes escape every value, by construction.

Where a page repeats a row hundreds of times, the template engine's per-node cost dominates
(issue 8), so those rows are written in Python, and only with this module:

    SEGMENT = html_template('<span data-offset="{}">{}</span>')
    SEGMENT(segment.start, segment.text)     # Markup: the text escaped, the number as digits
    safe(html_join(rows))                    # what a template tag returns to its template

A template's markup is a constant in the code; each `{}` is a hole, which the constructor allows
only in element content or in a double-quoted attribute value, so no value can open a tag or an
attribute. Every value filled in is escaped as Django's templates escape it (`html.escape`),
unless it is markup: `Markup` built here, or a `SafeString` Django made. A `{:d}` hole takes an
integer only and writes its digits (anything else raises), with no escaping to do. `safe()` is
the only caller of `mark_safe` in the project (ruff's S308 and tests/project/test_html.py keep it
so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from html import escape
from typing import Final

import orjson
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import Truncator

HOLE: Final = "{}"
INTEGER_HOLE: Final = "{:d}"
_HOLES: Final = re.compile(r"(\{\}|\{:d\})")


class Markup(str):
    """HTML this module wrote, every value in it escaped. Not yet a `SafeString`: a template
    would escape it again until `safe()` hands it over, so a slip shows rather than injects."""

    __slots__ = ()


def html_template(markup: str) -> Callable[..., Markup]:
    """A function of one value per `{}` or `{:d}` hole in `markup` that gives the markup with
    the values filled in, each escaped unless it is markup itself (or, in a `{:d}` hole, an
    integer, written as its digits)."""
    pieces = _HOLES.split(markup)
    return _compile(markup, _literals(markup, pieces[::2]), pieces[1::2])


def html_integers(values: Iterable[int]) -> Markup:
    """The integers' digits, separated by spaces, as markup: for an attribute listing ids.
    Anything but an `int` raises TypeError."""
    return Markup(" ".join(map(int.__repr__, values)))


def html_join(fragments: Iterable[object], separator: str = "") -> Markup:
    """The fragments one after another, each escaped unless it is markup, with the separator
    (text, escaped too) between them."""
    return Markup(_joined(fragments, separator))


def safe(markup: Markup) -> SafeString:
    """Markup built here, as Django's safe string for a template: with `safe_join`, the only way
    to the project's one call of `mark_safe`, so every HTML string the project trusts was
    escaped by this module."""
    if type(markup) is not Markup:
        raise TypeError(f"only Markup built by project.html is safe, not {type(markup)!r}")
    return _trusted(markup)


def safe_join(fragments: Iterable[object], separator: str = "") -> SafeString:
    """`safe(html_join(fragments, separator))` without the `Markup` in between: each string made
    from another is a copy, and the article page's list of a thousand claims is a megabyte."""
    return _trusted(_joined(fragments, separator))


def safe_join_ascii(fragments: Iterable[object], separator: str = "") -> SafeString:
    """`safe_join`, with every character beyond ASCII written as a character reference: the
    same document to a browser, in one byte a character.

    Python keeps a string in the widest form any of its characters needs, so one "€" or "✓"
    makes a megabyte of markup two megabytes, which every template level above it copies and
    the response encodes again character by character; an ASCII page is copied in half the
    bytes and encoded by a plain copy (issue 18). Only for markup whose text the page's
    scripts read through the DOM, as they read the article page's, never as source: a
    reference reads back as the character it stands for, except the C1 control characters,
    which HTML reads as Windows-1252 (`&#128;` is "€"): markup holding one is left as it is."""
    joined = _joined(fragments, separator)
    written = joined.encode("ascii", "xmlcharrefreplace")
    # Looked for among the references written (a text's own "&" is escaped, "&amp;#128;"):
    # searching the bytes takes a fraction of searching a wide string for the characters.
    if _C1_REFERENCE.search(written):
        return _trusted(joined)
    return _trusted(written.decode("ascii"))


_C1_REFERENCE: Final = re.compile(rb"&#1(?:2[89]|[3-5][0-9]);")


def _joined(fragments: Iterable[object], separator: str) -> str:
    return escape(separator).join(
        [value if type(value) is Markup else _escaped(value) for value in fragments]
    )


def _trusted(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - the one place; see the module's docstring


def json_script(data: object, *, script_type: str) -> SafeString:
    """A `<script type=…>` element holding `data` as JSON. A script element's content is not
    HTML-decoded, so instead of HTML escapes `<`, `>` and `&` are written as JSON escapes: the
    JSON reads back the same and cannot close the element."""
    content = orjson.dumps(data).decode().translate(_SCRIPT_ESCAPES)
    return safe(Markup(f'<script type="{escape(script_type)}">{content}</script>'))


_SCRIPT_ESCAPES: Final = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _escaped(value: object) -> str:
    if isinstance(value, Markup | SafeData):
        return value
    if type(value) is int:
        return str(value)
    return escape(str(value))


def _literals(markup: str, literals: list[str]) -> list[str]:
    """The markup between the holes, after checking that each hole stands in element content
    or inside a double-quoted attribute value."""
    in_tag = in_quotes = False
    for index, literal in enumerate(literals):
        for character in literal:
            if in_quotes:
                in_quotes = character != '"'
            elif in_tag:
                if character == "'":
                    raise ValueError(f"write attribute values in double quotes: {markup!r}")
                in_quotes = character == '"'
                in_tag = character != ">"
            else:
                in_tag = character == "<"
        if index < len(literals) - 1 and in_tag and not in_quotes:
            raise ValueError(f"a hole outside element content or a quoted value: {markup!r}")
    if in_tag:
        raise ValueError(f"an unfinished tag: {markup!r}")
    return literals


def _compile(markup: str, literals: list[str], holes: list[str]) -> Callable[..., Markup]:
    """A function of one argument per hole that joins the literals and the escaped values.

    Generated, as dataclasses generate `__init__`, because the article page calls these a few
    thousand times: a call with the escaping written inline costs what the f-string it replaced
    cost, where a generic `*values` loop cost twice as much (issue 8's budget). The generated
    source holds only names; the literals are values in its namespace."""
    names = [f"value{index}" for index in range(len(literals) - 1)]
    namespace: dict[str, object] = {
        "Markup": Markup,
        "escape": escape,
        "escaped": _escaped,
        "digits": int.__repr__,
    }
    parts = []
    for index, literal in enumerate(literals):
        if literal:
            namespace[f"literal{index}"] = literal
            parts.append(f"literal{index}")
        if index < len(names):
            name = names[index]
            if holes[index] == INTEGER_HOLE:
                # int's own: digits, or TypeError for anything but an int.
                parts.append(f"digits({name})")
                continue
            parts.append(
                f"(escape({name}) if (kind := type({name})) is str else {name} if kind is Markup"
                f" else str({name}) if kind is int else escaped({name}))"
            )
    joined = "".join(f"{{{part}}}" for part in parts)
    source = f'def fill({", ".join(names)}):\n    return Markup(f"{joined}")'
    exec(source, namespace)  # noqa: S102 - source built above from names only
    fill = namespace["fill"]
    fill.__qualname__ = fill.__name__ = "html_template"
    fill.__doc__ = markup
    return fill


def truncate_chars(text: str, length: int) -> str:
    """What the `truncatechars` filter gives (not yet escaped), without its walk over every
    character when the text is short enough: `Truncator.chars` normalizes to NFC and counts only
    non-combining characters, so a normalized text of at most `length` characters comes back
    as it is."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized
    return Truncator(text).chars(length)
