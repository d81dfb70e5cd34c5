"""What HTTP clients send, parsed safely: whole numbers (ids, counts), If-Match versions and the
versions forms send back, query parameters naming a member of a vocabulary, the address a form
asks to go back to; the entity tags of versioned resources; and a selector's NotFound as a page's
404."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from project.errors import InvalidInput, NotFound

Found = TypeVar("Found")
Member = TypeVar("Member", bound=StrEnum)

# `"<version>-<digest>"` as versioned_etag writes it, or a bare `"<version>"`.
_IF_MATCH = re.compile(r'^\s*(?:W/)?"?([0-9]{1,18})(?:-[0-9a-f]{1,64})?"?\s*$')
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def is_whole_number(text: str) -> bool:
    """An id or count as a client may send it: ASCII digits that fit a bigint. (str.isdigit
    accepts "²" and int() takes 5,000 digits only to fail at the database.)"""
    return _WHOLE_NUMBER.fullmatch(text) is not None


def whole_number_or_none(text: str | None) -> int | None:
    """`text` as a number when it is a whole number (see is_whole_number), else None."""
    return int(text) if text and is_whole_number(text) else None


def form_version(request: HttpRequest) -> int | None:
    """The version a page's form sent back (its hidden `version` field): what the services check
    as they would If-Match. None when it sent none."""
    return whole_number_or_none(request.POST.get("version"))


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Where a form asks to go afterwards (its `next` field) when that is on this site, else
    `fallback`."""
    candidate = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def query_choice(
    params: Mapping[str, str], name: str, vocabulary: type[Member], *, what: str = "known"
) -> Member | None:
    """The member of `vocabulary` that query parameter `name` names, None when it is absent; any
    other value is refused (400) with the values that are allowed: "status 'x' is not {what};
    use one of: …"."""
    value = params.get(name)
    if value is None:
        return None
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(member.value for member in vocabulary)
        raise InvalidInput(f"{name} {value!r} is not {what}; use one of: {allowed}.") from None


def versioned_etag(version: int, body: bytes) -> str:
    """A strong entity tag for a versioned resource: its version, which the services check under a
    lock (If-Match compares that part), and a digest of the representation, which also changes
    when what the resource shows changes elsewhere (a tag's, a source's or a person's name), so
    that a 304 never answers with a stale copy."""
    return f'"{version}-{hashlib.sha256(body).hexdigest()[:16]}"'


def with_versioned_etag(response: Response, version: int) -> Response:
    """`response` (DRF's, not rendered yet) with the versioned_etag of its data as JSON."""
    response["ETag"] = versioned_etag(version, JSONRenderer().render(response.data))
    return response


def if_match_version(request: Request, *, what: str = "claim") -> int | None:
    """The version named by If-Match (the resource's ETag), or None when absent or `*`."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    match = _IF_MATCH.match(header)
    if not match:
        raise InvalidInput(f'If-Match must be the {what}\'s ETag, such as "3" (got {header!r}).')
    return int(match.group(1))


def found_or_404(get: Callable[..., Found], /, **arguments: object) -> Found:
    """`get(**arguments)` for a page: a selector's NotFound becomes Django's 404 page, with the
    selector's message. (The API needs nothing of the kind: its exception handler answers a
    NotFound with a 404 problem.)"""
    try:
        return get(**arguments)
    except NotFound as error:
        raise Http404(error.message) from None
