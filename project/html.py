"""Helpers for markup written in Python rather than in templates, where a page repeats a row
hundreds of times and the template engine's per-node cost would dominate (issue 8)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from html import escape

from django.utils.text import Truncator

from project.routes import path_with_id


def href_with_id(name: str) -> Callable[[int], str]:
    """`path_with_id(name)`, escaped for an attribute."""
    path = path_with_id(name)
    return lambda pk: escape(path(pk))


def truncate_chars(text: str, length: int) -> str:
    """What the `truncatechars` filter gives (not yet escaped), without its walk over every
    character when the text is short enough: `Truncator.chars` normalizes to NFC and counts only
    non-combining characters, so a normalized text of at most `length` characters comes back
    as it is."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized
    return Truncator(text).chars(length)
