"""Writes on citations: attach evidence to a claim, change it, remove it.

Evidence is a web page (a URL, linked to its source by domain) or a passage of another article
in Corroborate (a span of one of its revisions, checked with `annotations.anchoring`). Who may
write evidence, and while the claim is in which state, is `annotations.policies`'s to say. Every
write locks the claim, adds the user to its contributors (the four-eyes rule) and bumps its
version.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotations import anchoring
from annotations.models import Article, ArticleRevision, Claim, ClaimLink
from annotations.policies import (
    check_claim_open,
    check_evidence_reusable,
    check_write_evidence,
    holds_review,
)
from annotations.services.locking import claim_lock
from annotations.workflow import ClaimStatus
from project.errors import Conflict, InvalidInput, NotFound, check_version
from project.limits import refuse_too_long
from project.validators import refuse_control_characters, refuse_unknown_fields
from sources.models import EVIDENCE_FIELDS, Citation, Source
from sources.services.sources import check_web_url, source_for_url
from sources.vocabulary import Stance

TITLE_MAX_LENGTH: Final = Citation._meta.get_field("title").max_length
LOCATION_MAX_LENGTH: Final = Citation._meta.get_field("location").max_length

# What only a web page has: a passage of an article takes all of this from the article itself.
_WEB_ONLY_FIELDS: Final = ("title", "quote", "location", "accessed_on", "archive_url")
_SPAN_FIELDS: Final = ("cited_revision", "cited_start", "cited_end", "cited_exact")
_FREE_TEXT_FIELDS: Final = ("title", "quote", "location", "note")
_EMPTY: Final[dict[str, object]] = {
    "url": "",
    "title": "",
    "quote": "",
    "location": "",
    "accessed_on": None,
    "archive_url": "",
    "note": "",
    "cited_revision": None,
    "cited_start": None,
    "cited_end": None,
    "cited_exact": "",
}
# The latest calendar date anywhere on Earth (UTC+14): an access date up to it is not in the
# future for somebody, whatever the server's time zone.
_LATEST_UTC_OFFSET: Final = datetime.timedelta(hours=14)


# Checks -------------------------------------------------------------------------------------


def _latest_date_today() -> datetime.date:
    return (timezone.now() + _LATEST_UTC_OFFSET).date()


def _text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name)
    return "" if value is None else str(value).strip()


def _check_web_evidence(
    values: Mapping[str, object], errors: dict[str, list[str]]
) -> dict[str, object]:
    cleaned: dict[str, object] = {**_EMPTY}
    for field in ("url", "archive_url"):
        value = _text(values, field)
        if not value and field == "archive_url":
            continue
        try:
            cleaned[field] = check_web_url(value, field=field)
        except InvalidInput as error:
            errors.update(error.errors)
    for field, limit in (("title", TITLE_MAX_LENGTH), ("location", LOCATION_MAX_LENGTH)):
        cleaned[field] = _text(values, field)
        if len(cleaned[field]) > limit:
            errors[field] = [f"At most {limit} characters, please."]
    cleaned["quote"] = _text(values, "quote")
    accessed_on = values.get("accessed_on")
    if accessed_on is not None and not isinstance(accessed_on, datetime.date):
        errors["accessed_on"] = ["Give the access date as a date, e.g. 2024-05-31."]
    elif accessed_on is not None and accessed_on > _latest_date_today():
        errors["accessed_on"] = ["The access date is in the future; give the day you read it."]
    else:
        cleaned["accessed_on"] = accessed_on
    return cleaned


def _check_article_span(
    claim: Claim, values: Mapping[str, object], errors: dict[str, list[str]]
) -> dict[str, object]:
    cleaned: dict[str, object] = {**_EMPTY}
    for field in _WEB_ONLY_FIELDS:
        if values.get(field) not in (None, ""):
            errors[field] = [
                "A passage of another article has no separate "
                f"{Citation._meta.get_field(field).verbose_name}: it comes from the article."
            ]
    revision = values.get("cited_revision")
    start, end = values.get("cited_start"), values.get("cited_end")
    if not isinstance(revision, ArticleRevision):
        errors["cited_revision"] = ["Choose the article whose passage is the evidence."]
        return cleaned
    if revision.article_id == claim.article_id:
        errors["cited_revision"] = [
            "That is the claim's own article; cite a passage of a different article."
        ]
        return cleaned
    if not isinstance(start, int) or not isinstance(end, int):
        errors["cited_start"] = ["Select the passage of the article that is the evidence."]
        return cleaned
    exact = values.get("cited_exact") or ""
    try:
        span = anchoring.resolve(
            revision.text,
            position=anchoring.TextPositionSelector(start, end),
            quote=anchoring.TextQuoteSelector(str(exact)) if exact else None,
        )
    except anchoring.AnchorError as error:
        errors["cited_exact" if exact else "cited_start"] = [str(error)]
        return cleaned
    if not span.quote(revision.text).strip():
        errors["cited_start"] = ["The selected passage is only whitespace; select its words."]
        return cleaned
    cleaned.update(
        cited_revision=revision,
        cited_start=span.start,
        cited_end=span.end,
        cited_exact=span.quote(revision.text),
    )
    return cleaned


def _source_of_article(article: Article) -> Source | None:
    if not article.url:
        return None
    try:
        return source_for_url(url=article.url)
    except InvalidInput:
        return None  # an article uploaded with an unusual URL is still citable


def citation_fields_check(*, claim: Claim, values: Mapping[str, object]) -> dict[str, object]:
    """Validate a complete piece of evidence for `claim`; return the Citation fields to store
    (with its `source`), or raise InvalidInput listing every problem by field."""
    refuse_control_characters(**{name: _text(values, name) for name in _FREE_TEXT_FIELDS})
    refuse_too_long(Citation, quote=_text(values, "quote"), note=_text(values, "note"))
    errors: dict[str, list[str]] = {}
    stance = _text(values, "stance")
    if stance not in {member.value for member in Stance}:
        errors["stance"] = [
            "Say whether the evidence corroborates the claim, conflicts with it or gives context."
        ]
    has_url = bool(_text(values, "url"))
    has_span = any(values.get(field) not in (None, "") for field in _SPAN_FIELDS)
    if has_url and has_span:
        errors["url"] = ["Cite a web page or a passage of another article, not both."]
        cleaned: dict[str, object] = {}
    elif not has_url and not has_span:
        errors["url"] = ["Give the URL of the evidence, or pick a passage of another article."]
        cleaned = {}
    elif has_url:
        cleaned = _check_web_evidence(values, errors)
    else:
        cleaned = _check_article_span(claim, values, errors)
    if errors:
        first_field, messages = next(iter(errors.items()))
        raise InvalidInput(f"{first_field}: {messages[0]}", errors=errors)
    cleaned["stance"] = stance
    cleaned["note"] = _text(values, "note")
    url, revision = cleaned["url"], cleaned["cited_revision"]
    cleaned["source"] = (
        source_for_url(url=str(url)) if url else _source_of_article(revision.article)
    )
    return cleaned


# Writes -------------------------------------------------------------------------------------


def _lock_open_claim(*, user: AbstractBaseUser, claim_id: int) -> Claim:
    check_write_evidence(user=user)
    locked = claim_lock(pk=claim_id)
    check_claim_open(claim=locked)
    return locked


def _lock_citation(*, citation: Citation, expected_version: int | None) -> Citation:
    try:
        current = (
            Citation.objects.select_for_update(of=("self",))
            .select_related("cited_revision__article")
            .get(pk=citation.pk)
        )
    except Citation.DoesNotExist as error:
        raise NotFound("The citation no longer exists.") from error
    check_version(what="citation", expected=expected_version, current=current.version)
    return current


def _record_contribution(*, locked: Claim, claim: Claim, user: AbstractBaseUser) -> None:
    """The evidence changed the claim: its version moves on and the user becomes a contributor,
    so they cannot review it."""
    locked.contributors.add(user)
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    claim.version, claim.updated_at = locked.version, locked.updated_at


@transaction.atomic
def citation_create(
    *,
    user: AbstractBaseUser,
    claim: Claim,
    stance: str,
    url: str = "",
    title: str = "",
    quote: str = "",
    location: str = "",
    accessed_on: datetime.date | None = None,
    archive_url: str = "",
    note: str = "",
    cited_revision: ArticleRevision | None = None,
    cited_start: int | None = None,
    cited_end: int | None = None,
    cited_exact: str = "",
) -> Citation:
    """Attach evidence to the claim: a web page (`url` …) or a passage of another article
    (`cited_revision`, `cited_start`, `cited_end`, optionally `cited_exact` to check it)."""
    locked = _lock_open_claim(user=user, claim_id=claim.pk)
    fields = citation_fields_check(
        claim=locked,
        values={
            "stance": stance,
            "url": url,
            "title": title,
            "quote": quote,
            "location": location,
            "accessed_on": accessed_on,
            "archive_url": archive_url,
            "note": note,
            "cited_revision": cited_revision,
            "cited_start": cited_start,
            "cited_end": cited_end,
            "cited_exact": cited_exact,
        },
    )
    citation = Citation(claim=locked, created_by=user, **fields)
    citation.full_clean()
    citation.save()
    _record_contribution(locked=locked, claim=claim, user=user)
    return citation


@transaction.atomic
def citation_update(
    *,
    user: AbstractBaseUser,
    citation: Citation,
    data: Mapping[str, object],
    expected_version: int | None = None,
) -> Citation:
    """Change some of the citation's evidence fields (`data` names them; see EVIDENCE_FIELDS).
    The result is checked as a whole, exactly like a new citation."""
    refuse_unknown_fields(data, EVIDENCE_FIELDS, what="Citations")
    locked_claim = _lock_open_claim(user=user, claim_id=citation.claim_id)
    current = _lock_citation(citation=citation, expected_version=expected_version)
    values = {field: getattr(current, field) for field in EVIDENCE_FIELDS}
    fields = citation_fields_check(claim=locked_claim, values={**values, **data})
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    _record_contribution(locked=locked_claim, claim=citation.claim, user=user)
    return current


@transaction.atomic
def citation_delete(
    *, user: AbstractBaseUser, citation: Citation, expected_version: int | None = None
) -> None:
    """Remove a piece of evidence from its claim."""
    locked_claim = _lock_open_claim(user=user, claim_id=citation.claim_id)
    current = _lock_citation(citation=citation, expected_version=expected_version)
    current.delete()
    _record_contribution(locked=locked_claim, claim=citation.claim, user=user)


def citation_empty_values() -> dict[str, object]:
    """Every evidence field at its empty value: what a full replacement (PUT) starts from."""
    return dict(_EMPTY)


# Reusing evidence ("Seen before") -----------------------------------------------------------


@dataclass(frozen=True)
class EvidenceReuse:
    """What reusing a linked claim's evidence did: the copies made, and how many citations
    were left out because the claim already had them (or they cite the claim's own article)."""

    copied: list[Citation]
    skipped: int


def _same_evidence(citation: Citation, existing: Citation) -> bool:
    if existing.reused_from_id == citation.pk:
        return True
    if citation.url:
        return existing.url == citation.url
    return (existing.cited_revision_id, existing.cited_start, existing.cited_end) == (
        citation.cited_revision_id,
        citation.cited_start,
        citation.cited_end,
    )


@transaction.atomic
def citations_reuse(*, user: AbstractBaseUser, claim: Claim, source_claim: Claim) -> EvidenceReuse:
    """Copy the citations of `source_claim` (a verified claim linked to `claim` as the same
    claim) onto `claim`, each copy recording the citation it was reused from.

    An editor may do it while the claim is open, and becomes a contributor as with any
    evidence. The reviewer holding the claim in review may do it too: the evidence was written
    and verified by others for the same claim, so reusing it does not make them a contributor
    (the four-eyes rule still lets them verify), and the claim stays in review.
    """
    locked = claim_lock(pk=claim.pk)
    check_evidence_reusable(user=user, claim=locked)
    linked = ClaimLink.objects.filter(
        Q(claim=locked, same_as=source_claim) | Q(claim=source_claim, same_as=locked)
    )
    if not linked.exists():
        raise Conflict(
            f"Claim {source_claim.pk} is not linked to this claim as the same claim; link it first."
        )
    if source_claim.status != ClaimStatus.VERIFIED.value:
        raise Conflict(
            f"Claim {source_claim.pk} is not verified: only the evidence of a verified claim "
            "can be reused.",
            current=source_claim.status,
        )
    existing = list(locked.citations.all())
    originals = source_claim.citations.select_related("cited_revision").order_by("created_at", "id")
    copies = []
    skipped = 0
    for original in originals:
        own_article = (
            original.cited_revision is not None
            and original.cited_revision.article_id == locked.article_id
        )
        if own_article or any(_same_evidence(original, other) for other in existing):
            skipped += 1
            continue
        copy = Citation(
            claim=locked,
            created_by=user,
            reused_from=original,
            **{field: getattr(original, field) for field in (*EVIDENCE_FIELDS, "source")},
        )
        copy.full_clean()
        copies.append(copy)
    if copies:
        Citation.objects.bulk_create(copies)
        if not holds_review(user=user, claim=locked):
            locked.contributors.add(user)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        claim.version, claim.updated_at = locked.version, locked.updated_at
    return EvidenceReuse(copied=copies, skipped=skipped)
