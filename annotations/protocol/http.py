"""What the Web Annotation Protocol says about HTTP, as pure functions: the media types offered
and accepted, the container preferences of a `Prefer` header, a `Slug` made into a path segment,
`Link` headers, and entity tags with the `If-Match` check."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final
from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.text import slugify
from rest_framework.exceptions import NotAcceptable

from annotations.models.claim import ANNOTATION_SLUG_MAX_LENGTH
from annotations.presenters.base import ANNOTATION_CONTEXT
from project.errors import InvalidInput, PreconditionFailed

LDP: Final = "http://www.w3.org/ns/ldp#"
OA: Final = "http://www.w3.org/ns/oa#"
LDP_CONTEXT: Final = "http://www.w3.org/ns/ldp.jsonld"
# The protocol's own constraints: every Annotation Container names them (section 4.1).
PROTOCOL_CONSTRAINTS: Final = "http://www.w3.org/TR/annotation-protocol/"
CONSTRAINED_BY: Final = f"{LDP}constrainedBy"

ANNOTATION_MEDIA_TYPE: Final = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'
# Most preferred first: what a client that states no preference gets.
OFFERED_MEDIA_TYPES: Final = (ANNOTATION_MEDIA_TYPE, "application/ld+json", "application/json")
ACCEPTED_BODY_TYPES: Final = ("application/ld+json", "application/json")
ACCEPT_POST: Final = f"{ANNOTATION_MEDIA_TYPE}, application/ld+json, application/json"

# Names a Slug may not take: they would read as something other than an annotation.
RESERVED_SLUGS: Final = frozenset({"verified"})


def negotiate_media_type(request: HttpRequest) -> str:
    """The media type to answer with, by the request's `Accept` (the profiled JSON-LD when it
    says nothing); 406 when it accepts none of them."""
    chosen = request.get_preferred_type(OFFERED_MEDIA_TYPES)
    if chosen is None:
        offered = ", ".join(OFFERED_MEDIA_TYPES)
        raise NotAcceptable(
            f"None of the media types in the Accept header ({request.headers.get('Accept')}) is "
            f"offered; annotations are served as {offered}."
        )
    return chosen


# Prefer: return=representation; include="…" (RFC 7240, LDP section 7.2) -------------------


class Containment(StrEnum):
    """How a container's pages list the annotations it contains."""

    DESCRIPTIONS = "descriptions"  # the annotations themselves (the default)
    IRIS = "iris"  # only their IRIs


PREFER_MINIMAL_CONTAINER: Final = f"{LDP}PreferMinimalContainer"
PREFER_CONTAINED_IRIS: Final = f"{OA}PreferContainedIRIs"
PREFER_CONTAINED_DESCRIPTIONS: Final = f"{OA}PreferContainedDescriptions"
# The protocol names these two in the oa: namespace; some clients write them under ldp:.
_CONTAINMENT_PREFERENCES: Final = {
    PREFER_CONTAINED_IRIS: Containment.IRIS,
    f"{LDP}PreferContainedIRIs": Containment.IRIS,
    PREFER_CONTAINED_DESCRIPTIONS: Containment.DESCRIPTIONS,
    f"{LDP}PreferContainedDescriptions": Containment.DESCRIPTIONS,
}


@dataclass(frozen=True)
class ContainerPreference:
    """What a client asked of a container's representation with `Prefer`."""

    minimal: bool = False  # the container's description only, no annotations embedded
    containment: Containment | None = None  # None: the client did not say

    @property
    def stated(self) -> bool:
        return self.minimal or self.containment is not None


def container_preference(prefer: str | None) -> ContainerPreference:
    """Read the `include` lists of `return=representation` preferences; anything else in the
    header is not ours to honour and is ignored. Asking for IRIs and descriptions at once is a
    400: the protocol forbids it, as no representation can do both."""
    included: set[str] = set()
    for preference in (prefer or "").split(","):
        token, *parameters = preference.split(";")
        name, _, value = token.partition("=")
        if name.strip().lower() != "return" or _unquoted(value).lower() != "representation":
            continue
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "include":
                included.update(_unquoted(value).split())
    containments = {
        _CONTAINMENT_PREFERENCES[iri] for iri in included & _CONTAINMENT_PREFERENCES.keys()
    }
    if len(containments) > 1:
        raise InvalidInput(
            "Prefer: PreferContainedIRIs and PreferContainedDescriptions exclude each other; "
            "include one of them.",
            errors={"Prefer": ["Include either contained IRIs or contained descriptions."]},
        )
    return ContainerPreference(
        minimal=PREFER_MINIMAL_CONTAINER in included,
        containment=next(iter(containments), None),
    )


def _unquoted(value: str) -> str:
    return value.strip().strip('"').strip()


# Slug (RFC 5023 section 9.7) -------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def slug_from_header(value: str | None) -> str:
    """The path segment a `Slug` header suggests, made safe ("My first note!" becomes
    "my-first-note"), or "" when nothing usable is left, or it could be mistaken for a claim's
    id or another resource of the container."""
    if not value:
        return ""
    name = slugify(unquote(_unquoted(value)))[:ANNOTATION_SLUG_MAX_LENGTH].strip("-_")
    if not _SLUG.fullmatch(name) or name.isdigit() or name in RESERVED_SLUGS:
        return ""
    return name


# Link ------------------------------------------------------------------------------------


def link_header(*links: tuple[str, str]) -> str:
    """`Link` with each (target, rel) in order."""
    return ", ".join(f'<{target}>; rel="{rel}"' for target, rel in links)


# Entity tags -----------------------------------------------------------------------------


def representation_etag(body: bytes) -> str:
    """A strong entity tag: the digest of the representation's bytes."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*(?:,|$)')


def check_if_match(header: str | None, current_etag: str) -> bool:
    """Whether the request carries an `If-Match` that is to be checked against the claim's
    version (False: no `If-Match`, or `*`). Raise PreconditionFailed (412) when none of its
    entity tags is the current one by strong comparison (RFC 9110 section 13.1.1)."""
    if header is None or header.strip() == "*":
        return False
    tags = [f'"{opaque}"' for weak, opaque in _ENTITY_TAG.findall(header) if not weak]
    if current_etag not in tags:
        raise PreconditionFailed(
            f"If-Match: the annotation has changed since you read it (its ETag is now "
            f"{current_etag}); GET it again and reapply your change."
        )
    return True
