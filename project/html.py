"""Helpers for markup written in Python rather than in templates, where a page repeats a row
hundreds of times and the template engine's per-node cost would dominate (issue 8)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from html import escape
from typing import Final

from django.urls import reverse
from django.utils.text import Truncator

_ID_PLACEHOLDER: Final = 2_147_483_647


def href_with_id(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[id])`, escaped for an attribute, for many ids at the cost of one
    reverse: resolving the URL pattern again for each of a thousand rows would cost more than
    writing them."""
    url = escape(reverse(name, args=[_ID_PLACEHOLDER]))
    before, after = url.split(str(_ID_PLACEHOLDER))
    return lambda pk: f"{before}{pk:d}{after}"


def truncate_chars(text: str, length: int) -> str:
    """What the `truncatechars` filter gives (not yet escaped), without its walk over every
    character when the text is short enough: `Truncator.chars` normalizes to NFC and counts only
    non-combining characters, so a normalized text of at most `length` characters comes back
    as it is."""
    normalized = unicodedata.normalize("NFC", text)
    if len(normalized) <= length:
        return normalized
    return Truncator(text).chars(length)
