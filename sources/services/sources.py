"""The rules for web addresses: which URLs may be cited, and which source a URL belongs to
(created, unrated, when it is new). Adding, changing and deleting sources by hand is
`annotations.services.sources` (each write is a role's, checked by a policy).

A source is identified by its domain (lower-case, punycode, without `www.` or a port), so the
same outlet is never listed twice; a citation's URL links to the source of its domain or of the
nearest parent domain that has one (`data.ons.gov.uk` → `ons.gov.uk`).
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from project.errors import InvalidInput
from project.web_urls import WEB_SCHEMES, NotAWebUrl, web_uri
from sources.models import Source, SourceChange
from sources.vocabulary import Reliability, SourceKind

DOMAIN_MAX_LENGTH: Final = Source._meta.get_field("domain").max_length

_DOMAIN_SHAPE: Final = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
# Django's own check of the host's shape, after `web_uri` has encoded the rest.
_url_validator = URLValidator(schemes=sorted(WEB_SCHEMES))


# Web addresses ------------------------------------------------------------------------------


def _url_error(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, errors={field: [message]})


def check_web_url(url: str, *, field: str = "url") -> str:
    """The URL as it is stored (a valid URI: `project.web_urls.web_uri`) if it may be cited:
    http or https, with a host, at most 2000 characters once encoded.

    Every other scheme (`javascript:`, `data:`, `ftp:`, `file:` …) is refused: a cited link is
    shown to every reader, and only a web page is evidence they can open.
    """
    try:
        uri = web_uri(url)
        _url_validator(uri)
    except NotAWebUrl as error:
        raise _url_error(field, str(error)) from None
    except ValidationError as error:
        raise _url_error(field, f"“{url.strip()[:80]}” is not a valid web address.") from error
    return uri


def normalise_domain(host: str) -> str:
    """A host name as sources store it: lower-case, punycode, without `www.`, port or final dot.

    Raises InvalidInput (field `domain`) for anything that is not a host name or IPv4 address.
    """
    cleaned = host.strip().lower().rstrip(".")
    if cleaned.startswith("[") or cleaned.count(":") > 1:
        raise _url_error("domain", "Sources are identified by a host name, not an IPv6 address.")
    cleaned = cleaned.split(":", 1)[0]
    try:
        cleaned = cleaned.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise _url_error("domain", f"“{host[:80]}” is not a valid host name.") from error
    # `www.example.org` is `example.org`; but `www.org` stays itself.
    if cleaned.startswith("www.") and "." in cleaned[4:]:
        cleaned = cleaned[4:]
    if (
        not cleaned
        or len(cleaned) > DOMAIN_MAX_LENGTH
        or not _DOMAIN_SHAPE.match(cleaned)
        or ".." in cleaned
    ):
        raise _url_error("domain", f"“{host[:80]}” is not a valid host name.")
    return cleaned


def domain_from_url(url: str) -> str:
    """The normalised domain of a citable URL (see `check_web_url` and `normalise_domain`)."""
    host = urlsplit(check_web_url(url)).hostname
    assert host is not None  # check_web_url refuses URLs without a host
    return normalise_domain(host)


def _domain_and_parents(domain: str) -> list[str]:
    """`data.ons.gov.uk` → [data.ons.gov.uk, ons.gov.uk, gov.uk]: never a bare top-level domain,
    and an IP address only as itself."""
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        labels = domain.split(".")
        return [".".join(labels[index:]) for index in range(max(1, len(labels) - 1))]
    return [domain]


def source_for_domain(*, domain: str) -> Source | None:
    """The source of `domain` or of its nearest parent domain, if one is known."""
    candidates = _domain_and_parents(domain)
    known = {source.domain: source for source in Source.objects.filter(domain__in=candidates)}
    return next((known[name] for name in candidates if name in known), None)


@transaction.atomic
def source_for_url(*, url: str) -> Source:
    """The source a cited URL belongs to: exact domain, else the nearest parent domain, else a new
    source named after the domain (kind other, reliability unknown) for admins to rate later."""
    domain = domain_from_url(url)
    existing = source_for_domain(domain=domain)
    if existing is not None:
        return existing
    # get_or_create: another request may create the same domain's source at the same moment.
    source, created = Source.objects.get_or_create(
        domain=domain,
        defaults={
            "name": domain,
            "kind": SourceKind.OTHER.value,
            "reliability": Reliability.UNKNOWN.value,
        },
    )
    if created:
        source_change_record(source=source, user=None, before=None)
    return source


# History ------------------------------------------------------------------------------------

# The fields a change records, in the order it lists them.
_RECORDED_FIELDS: Final = (
    "name",
    "domain",
    "homepage",
    "kind",
    "reliability",
    "reliability_reason",
)


def source_snapshot(source: Source) -> dict[str, str]:
    return {name: getattr(source, name) for name in _RECORDED_FIELDS}


def source_change_record(
    *, source: Source, user: AbstractBaseUser | None, before: dict[str, str] | None
) -> SourceChange | None:
    """Record who changed which of the source's fields from what to what (`before=None`: it
    was just created; `user=None`: Corroborate created it for a cited URL). Nothing is
    recorded when nothing changed."""
    after = source_snapshot(source)
    if before is None:
        changes = {name: ["", value] for name, value in after.items() if value}
    else:
        changes = {
            name: [before[name], after[name]] for name in after if before[name] != after[name]
        }
    if not changes:
        return None
    return SourceChange.objects.create(
        source=source, changed_by=user, created=before is None, changes=changes
    )
