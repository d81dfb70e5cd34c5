"""Writes on sources, and the rules for web addresses: which URLs may be cited, and which source
a URL belongs to.

A source is identified by its domain (lower-case, punycode, without `www.` or a port), so the
same outlet is never listed twice; a citation's URL links to the source of its domain or of the
nearest parent domain that has one (`data.ons.gov.uk` → `ons.gov.uk`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Final
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction

from annotations.policies import check_delete_sources, check_manage_sources, check_rate_sources
from project.errors import Conflict, InvalidInput, check_version
from project.validators import refuse_control_characters
from project.web_urls import WEB_SCHEMES, NotAWebUrl, web_uri
from sources.models import Source
from sources.vocabulary import Reliability, SourceKind

DOMAIN_MAX_LENGTH: Final = Source._meta.get_field("domain").max_length
NAME_MAX_LENGTH: Final = Source._meta.get_field("name").max_length

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
    source, _ = Source.objects.get_or_create(
        domain=domain,
        defaults={
            "name": domain,
            "kind": SourceKind.OTHER.value,
            "reliability": Reliability.UNKNOWN.value,
        },
    )
    return source


# Sources ------------------------------------------------------------------------------------

SOURCE_FIELDS: Final = frozenset(
    {"name", "kind", "homepage", "domain", "reliability", "reliability_reason"}
)
_RATING_FIELDS: Final = frozenset({"reliability", "reliability_reason"})


def _clean_source_fields(values: Mapping[str, object], *, rating: bool) -> dict[str, object]:
    """Validate the complete set of a source's fields; raise InvalidInput listing every problem.
    `rating`: the reliability is being set now, so it needs its reason."""
    refuse_control_characters(
        name=str(values.get("name") or ""),
        reliability_reason=str(values.get("reliability_reason") or ""),
    )
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}

    name = " ".join(str(values.get("name") or "").split())
    if not name:
        errors["name"] = ["Give the source a name."]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"The name is longer than {NAME_MAX_LENGTH} characters."]
    cleaned["name"] = name

    kind = str(values.get("kind") or SourceKind.OTHER.value)
    if kind not in {member.value for member in SourceKind}:
        errors["kind"] = [f"Choose one of: {', '.join(member.value for member in SourceKind)}."]
    cleaned["kind"] = kind

    reliability = str(values.get("reliability") or Reliability.UNKNOWN.value)
    if reliability not in {member.value for member in Reliability}:
        errors["reliability"] = [
            f"Choose one of: {', '.join(member.value for member in Reliability)}."
        ]
    cleaned["reliability"] = reliability
    reason = str(values.get("reliability_reason") or "").strip()
    if rating and reliability != Reliability.UNKNOWN.value and not reason:
        errors["reliability_reason"] = ["Say why the source is rated this way."]
    cleaned["reliability_reason"] = reason

    homepage = str(values.get("homepage") or "").strip()
    if homepage:
        try:
            homepage = check_web_url(homepage, field="homepage")
        except InvalidInput as error:
            errors.update(error.errors)
    cleaned["homepage"] = homepage

    domain = str(values.get("domain") or "").strip()
    try:
        if "://" in domain:
            cleaned["domain"] = domain_from_url(domain)
        elif domain:
            cleaned["domain"] = normalise_domain(domain)
        elif homepage and "homepage" not in errors:
            cleaned["domain"] = domain_from_url(homepage)
        else:
            errors["domain"] = ["Give the source's domain (e.g. example.org) or homepage."]
    except InvalidInput as error:
        errors["domain"] = error.errors.get("domain") or [error.message]

    if errors:
        first_field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{first_field}: {messages[0]}", errors=errors)
    return cleaned


def _check_domain_free(domain: str, *, exclude_pk: int | None = None) -> None:
    taken = Source.objects.filter(domain=domain).exclude(pk=exclude_pk).first()
    if taken is not None:
        raise Conflict(
            f"The source “{taken.name}” already has the domain {domain}; sources are kept one per "
            "domain, so cite or edit that one."
        )


def _save(source: Source) -> Source:
    source.full_clean(validate_unique=False)
    try:
        # A savepoint: a concurrent insert of the same domain must not poison the transaction.
        with transaction.atomic():
            source.save()
    except IntegrityError as error:
        _check_domain_free(source.domain, exclude_pk=source.pk)
        raise Conflict("The source could not be saved; reload and try again.") from error
    return source


@transaction.atomic
def source_create(
    *,
    user: AbstractBaseUser,
    name: str,
    kind: str = SourceKind.OTHER.value,
    homepage: str = "",
    domain: str = "",
    reliability: str = Reliability.UNKNOWN.value,
    reliability_reason: str = "",
) -> Source:
    """Add a source. Editors and admins may; only admins may give it a reliability rating."""
    check_manage_sources(user=user)
    rating = reliability != Reliability.UNKNOWN.value or bool(reliability_reason.strip())
    if rating:
        check_rate_sources(user=user)
    fields = _clean_source_fields(
        {
            "name": name,
            "kind": kind,
            "homepage": homepage,
            "domain": domain,
            "reliability": reliability,
            "reliability_reason": reliability_reason,
        },
        rating=rating,
    )
    _check_domain_free(str(fields["domain"]))
    return _save(Source(**fields))


@transaction.atomic
def source_update(
    *,
    user: AbstractBaseUser,
    source: Source,
    data: Mapping[str, object],
    expected_version: int | None = None,
) -> Source:
    """Change some of a source's fields (`data` names them). Editors and admins may; only admins
    may change the reliability rating or its reason."""
    check_manage_sources(user=user)
    unknown = sorted(set(data) - SOURCE_FIELDS)
    if unknown:
        raise InvalidInput(f"Sources have no field {', '.join(unknown)}.")
    locked = Source.objects.select_for_update().get(pk=source.pk)
    check_version(what="source", expected=expected_version, current=locked.version)
    current = {name: getattr(locked, name) for name in SOURCE_FIELDS}
    rating = any(name in data and data[name] != current[name] for name in _RATING_FIELDS)
    if rating:
        check_rate_sources(user=user)
    fields = _clean_source_fields({**current, **data}, rating=rating)
    if fields["domain"] != locked.domain:
        _check_domain_free(str(fields["domain"]), exclude_pk=locked.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    return _save(locked)


@transaction.atomic
def source_delete(*, user: AbstractBaseUser, source: Source) -> None:
    """Delete a source nobody cites. Only admins may; a cited source stays (409)."""
    check_delete_sources(user=user)
    locked = Source.objects.select_for_update().get(pk=source.pk)
    cited = locked.citations.count()
    if cited:
        raise Conflict(
            f"“{locked.name}” is cited by {cited} citation{'s' if cited != 1 else ''}; a cited "
            "source cannot be deleted. Edit it instead, or remove those citations first."
        )
    locked.delete()
