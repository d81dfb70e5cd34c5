"""Writes through the annotation containers: a W3C annotation becomes a draft claim, replaces
one, and keeps the names a client gave it (`Slug`, `canonical`, `via`).

Who may write what is the claims API's rule, in the same words: these functions call the claim
services (`services/claims.py`) and the policies (`annotations/policies.py`), and add only what
the protocol adds.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from annotations.models import Article, Claim
from annotations.policies import check_claim_editable
from annotations.protocol.incoming import AnnotationInput
from annotations.services.claims import claim_create, claim_update
from project.errors import Conflict

_KEPT_IRIS = ("canonical", "via")


def _claim_fields(annotation: AnnotationInput) -> dict[str, object]:
    """What the claim services take from an annotation: its span, text, tags and note."""
    return {
        "position": annotation.position,
        "quote": annotation.quote,
        "text": annotation.text,
        "tags": annotation.tags,
        "note": annotation.note,
    }


@transaction.atomic
def annotation_create(
    *, user: AbstractBaseUser, article: Article, annotation: AnnotationInput, slug: str = ""
) -> Claim:
    """Mark the annotation's span of `article` as a draft claim, named `slug` when that name
    is free (otherwise by its id: the protocol makes the client's Slug a hint)."""
    claim = claim_create(user=user, article=article, **_claim_fields(annotation))
    claim.canonical = annotation.canonical
    # The protocol (section 5.1): an IRI the client gave the annotation is kept as `via`; the
    # server's own IRI becomes its `id`.
    claim.via = annotation.via or annotation.document_id
    claim.full_clean(validate_constraints=False)
    claim.save(update_fields=["canonical", "via"])
    if slug:
        try:
            with transaction.atomic():
                Claim.objects.filter(pk=claim.pk).update(slug=slug)
            claim.slug = slug
        except IntegrityError:
            pass  # the name is taken (perhaps at this moment): the claim's id names it
    return claim


@transaction.atomic
def annotation_replace(
    *,
    user: AbstractBaseUser,
    claim: Claim,
    article: Article,
    annotation: AnnotationInput,
    expected_version: int | None = None,
) -> Claim:
    """Replace the draft claim's span, text, tags and note with the annotation's (PUT).

    An annotation stays on its article, and its `canonical` and `via`, once set, stay as they
    are (the protocol, section 5.3); either change is a 409.
    """
    check_claim_editable(user=user, claim=claim)
    if article.pk != claim.article_id:
        raise Conflict(
            "target: an annotation stays on the article it marks; to mark another article, "
            "create a new annotation (and delete this one).",
            allowed=["PUT with a target in the same article", "DELETE", "POST"],
        )
    changed: dict[str, str] = {}
    for field in _KEPT_IRIS:
        kept, sent = getattr(claim, field), getattr(annotation, field)
        if kept and sent and sent != kept:
            raise Conflict(
                f"{field}: it is {kept} and stays so; send it unchanged or leave it out.",
                allowed=[kept],
            )
        if sent and not kept:
            changed[field] = sent
    updated = claim_update(
        user=user, claim=claim, expected_version=expected_version, **_claim_fields(annotation)
    )
    if changed:
        for field, value in changed.items():
            setattr(updated, field, value)
        updated.version += 1
        updated.full_clean(validate_constraints=False)
        updated.save(update_fields=[*changed, "version", "updated_at"])
    return updated
