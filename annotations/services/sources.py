"""Writes on sources by hand: add, change, delete. Editors and admins manage sources; only admins
rate them or delete them (`annotations.policies`). The rules for web addresses and domains are
`sources.services.sources`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from annotations.policies import (
    check_change_source_identity,
    check_delete_sources,
    check_manage_sources,
    check_rate_sources,
)
from project.errors import Conflict, InvalidInput, check_version
from project.limits import refuse_too_long
from project.validators import refuse_control_characters, refuse_unknown_fields
from sources.models import Source
from sources.services.sources import (
    check_web_url,
    domain_from_url,
    normalise_domain,
    source_change_record,
    source_snapshot,
)
from sources.vocabulary import Reliability, SourceKind

NAME_MAX_LENGTH: Final = Source._meta.get_field("name").max_length
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
    refuse_too_long(Source, reliability_reason=str(values.get("reliability_reason") or "").strip())
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
    source = _save(Source(**fields))
    source_change_record(source=source, user=user, before=None)
    return source


@transaction.atomic
def source_update(
    *,
    user: AbstractBaseUser,
    source: Source,
    data: Mapping[str, object],
    expected_version: int | None = None,
) -> Source:
    """Change some of a source's fields (`data` names them). Editors and admins may; only admins
    may change the reliability rating or its reason, or the name, domain or homepage of a rated
    source. The change is recorded with who made it."""
    check_manage_sources(user=user)
    refuse_unknown_fields(data, SOURCE_FIELDS, what="Sources")
    locked = Source.objects.select_for_update().get(pk=source.pk)
    check_version(what="source", expected=expected_version, current=locked.version)
    current = {name: getattr(locked, name) for name in SOURCE_FIELDS}
    rating = any(name in data and data[name] != current[name] for name in _RATING_FIELDS)
    if rating:
        check_rate_sources(user=user)
    fields = _clean_source_fields({**current, **data}, rating=rating)
    check_change_source_identity(
        user=user,
        source_name=locked.name,
        rating=(
            None
            if locked.reliability == Reliability.UNKNOWN.value
            else locked.get_reliability_display()
        ),
        fields={name for name, value in fields.items() if value != current[name]},
    )
    if fields["domain"] != locked.domain:
        _check_domain_free(str(fields["domain"]), exclude_pk=locked.pk)
    before = source_snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    _save(locked)
    source_change_record(source=locked, user=user, before=before)
    return locked


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
