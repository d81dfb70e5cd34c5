"""Reversing a route once for many ids: resolving the URL pattern again for each of a thousand
rows (a page's list, an export's claims) would cost more than writing the rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from django.urls import reverse

# No route contains this number: a route is reversed with it once, then ids are filled in.
_ID_PLACEHOLDER: Final = 2_147_483_647


def path_with_id(route_name: str) -> Callable[[int], str]:
    """`lambda pk: reverse(route_name, args=[pk])`, reversing only once."""
    before, after = path_around_id(route_name)
    return lambda pk: f"{before}{pk:d}{after}"


def path_around_id(route_name: str) -> tuple[str, str]:
    """The path of `route_name` before its id and after it: for a template that writes the id
    between them."""
    before, after = reverse(route_name, args=[_ID_PLACEHOLDER]).split(str(_ID_PLACEHOLDER))
    return before, after


def path_with_segment(route_name: str) -> Callable[[str], str]:
    """`lambda segment: reverse(route_name, args=[segment])` for a route whose one argument is
    a path segment (an id or a slug, already safe in a path), reversing only once."""
    before, after = reverse(route_name, args=[_ID_PLACEHOLDER]).split(str(_ID_PLACEHOLDER))
    return lambda segment: f"{before}{segment}{after}"
