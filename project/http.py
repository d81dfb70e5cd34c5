"""HTTP conditional requests shared by every API that guards against lost updates."""

from __future__ import annotations

import re

from rest_framework.request import Request

from project.errors import InvalidInput

_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def if_match_version(request: Request, *, what: str = "claim") -> int | None:
    """The version named by If-Match (the resource's ETag), or None when absent or `*`."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _IF_MATCH.match(header)
    if not match:
        raise InvalidInput(f'If-Match must be the {what}\'s ETag, such as "3" (got {header!r}).')
    return int(match.group(1))
