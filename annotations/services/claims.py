"""Writes on claims: mark a span of an article as a claim, edit it while it is a draft, delete it.

Every anchor is checked against the revision's canonical text (`annotations.anchoring`); the
stored claim always holds both W3C selectors, recomputed here from the resolved span.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models.functions import Lower

from annotations import anchoring
from annotations.models import Article, ArticleRevision, Claim, Tag
from annotations.policies import (
    check_claim_editable,
    check_claim_span_movable,
    check_mark_claims,
)
from annotations.services.links import claim_link
from annotations.services.locking import claim_lock
from project.errors import Conflict, InvalidInput, check_version
from project.limits import CLAIM_TEXT_MAX_LENGTH, refuse_too_long
from project.validators import refuse_control_characters

TAG_MAX_LENGTH: Final = Tag._meta.get_field("name").max_length
TAGS_PER_CLAIM_MAX: Final = 20


# Tags ---------------------------------------------------------------------------------------


def _clean_tag_name(name: object) -> str:
    if not isinstance(name, str):
        raise InvalidInput("Tag names must be text.", errors={"tags": ["Tag names must be text."]})
    refuse_control_characters(tags=name)
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput("A tag name is empty.", errors={"tags": ["A tag name is empty."]})
    if len(cleaned) > TAG_MAX_LENGTH:
        message = f"The tag “{cleaned[:20]}…” is longer than {TAG_MAX_LENGTH} characters."
        raise InvalidInput(message, errors={"tags": [message]})
    return cleaned


@transaction.atomic
def tags_resolve(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, in the order given, creating the missing ones.

    Names are trimmed (inner runs of whitespace become one space) and matched
    case-insensitively, so "Economy" reuses an existing "economy" and keeps its spelling.
    """
    wanted: dict[str, str] = {}
    for name in names:
        cleaned = _clean_tag_name(name)
        wanted.setdefault(cleaned.lower(), cleaned)
    if len(wanted) > TAGS_PER_CLAIM_MAX:
        message = f"A claim takes at most {TAGS_PER_CLAIM_MAX} tags ({len(wanted)} were given)."
        raise InvalidInput(message, errors={"tags": [message]})
    if not wanted:
        return []
    Tag.objects.bulk_create(
        [Tag(name=name) for name in wanted.values()],
        # Another request may create the same tag at the same moment: the unique index decides.
        ignore_conflicts=True,
    )
    by_key = {
        tag.key: tag for tag in Tag.objects.annotate(key=Lower("name")).filter(key__in=wanted)
    }
    return [by_key[key] for key in wanted]


# Anchoring ----------------------------------------------------------------------------------


def _anchor(
    revision: ArticleRevision,
    position: anchoring.TextPositionSelector | None,
    quote: anchoring.TextQuoteSelector | None,
) -> tuple[anchoring.TextPositionSelector, anchoring.TextQuoteSelector]:
    try:
        span = anchoring.resolve(revision.text, position=position, quote=quote)
    except anchoring.AnchorError as error:
        raise InvalidInput(str(error), errors={"selector": [str(error)]}) from error
    if not span.quote(revision.text).strip():
        message = "the selected text is only whitespace; select the words of the claim"
        raise InvalidInput(message, errors={"selector": [message]})
    return anchoring.build_selectors(revision.text, span)


def _apply_anchor(
    claim: Claim,
    selectors: tuple[anchoring.TextPositionSelector, anchoring.TextQuoteSelector],
) -> None:
    position, quote = selectors
    claim.start, claim.end = position.start, position.end
    claim.exact, claim.prefix, claim.suffix = quote.exact, quote.prefix, quote.suffix


def _restated(text: str, exact: str) -> str:
    # The restated claim is optional: without one, the quote itself is the claim (cut at a
    # word to fit, for a quote longer than a claim may be).
    if text.strip():
        return text.strip()
    quoted = " ".join(exact.split())
    if len(quoted) <= CLAIM_TEXT_MAX_LENGTH:
        return quoted
    return quoted[: CLAIM_TEXT_MAX_LENGTH - 1].rsplit(" ", 1)[0] + "…"


# Writes -------------------------------------------------------------------------------------


class DuplicateClaim(Conflict):
    """A new claim would repeat an existing one: same revision, span and text."""

    def __init__(self, existing: Claim) -> None:
        super().__init__(
            f"Claim {existing.pk} already marks exactly this text with the same words. Open it, "
            "or save again to keep both."
        )
        self.existing_id = existing.pk

    def extra(self) -> dict[str, object]:
        return {**super().extra(), "existing": self.existing_id}


def _refuse_duplicate(claim: Claim) -> None:
    existing = (
        Claim.objects.filter(
            revision=claim.revision, start=claim.start, end=claim.end, text=claim.text
        )
        .order_by("pk")
        .first()
    )
    if existing is not None:
        raise DuplicateClaim(existing)


@transaction.atomic
def claim_create(
    *,
    user: AbstractBaseUser,
    article: Article,
    position: anchoring.TextPositionSelector | None = None,
    quote: anchoring.TextQuoteSelector | None = None,
    text: str = "",
    tags: Iterable[str] = (),
    note: str = "",
    allow_duplicate: bool = False,
    same_as: Iterable[int] = (),
) -> Claim:
    """Mark a span of the article's current revision as a draft claim.

    Either selector alone is enough; given both, they must agree. A claim with exactly the span
    and the text of one already on the revision is refused (DuplicateClaim, naming it) unless
    `allow_duplicate`: marking the same thing twice is nearly always a slip.

    `same_as`: ids of claims of other articles that make the same claim (chosen under "Seen
    before" while marking it); each is linked by `links.claim_link`, with its checks, and a
    claim that cannot be linked refuses the whole: nothing is created.
    """
    check_mark_claims(user=user)
    refuse_control_characters(text=text, note=note)
    refuse_too_long(Claim, text=text.strip(), note=note.strip())
    revision = article.current_revision
    if revision is None:
        raise Conflict("This article has no text to mark claims in yet.")
    claim = Claim(article=article, revision=revision, created_by=user, note=note.strip())
    _apply_anchor(claim, _anchor(revision, position, quote))
    claim.text = _restated(text, claim.exact)
    if not allow_duplicate:
        _refuse_duplicate(claim)
    resolved_tags = tags_resolve(tags)
    claim.full_clean(validate_constraints=False)
    claim.save()
    claim.tags.set(resolved_tags)
    claim.contributors.add(user)
    for other in _claims_chosen_as_same(same_as):
        claim_link(user=user, claim=claim, same_as=other)
    return claim


def _claims_chosen_as_same(ids: Iterable[int]) -> list[Claim]:
    """The claims `ids` names, in id order; InvalidInput naming any that no longer exists."""
    wanted = sorted(set(ids))
    found = Claim.objects.in_bulk(wanted)
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        named = f"Claims {', '.join(missing)}" if len(missing) > 1 else f"Claim {missing[0]}"
        message = (
            f"{named}, chosen as the same claim, no longer exist{'s' if len(missing) == 1 else ''};"
            " choose again under Seen before."
        )
        raise InvalidInput(message, errors={"same_as": [message]})
    return [found[pk] for pk in wanted]


@transaction.atomic
def claim_update(
    *,
    user: AbstractBaseUser,
    claim: Claim,
    text: str | None = None,
    tags: Iterable[str] | None = None,
    note: str | None = None,
    position: anchoring.TextPositionSelector | None = None,
    quote: anchoring.TextQuoteSelector | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Change a draft claim's text, tags, note or span (None leaves a field as it is).

    The editor joins the claim's contributors and the version goes up by one when anything
    changed. `expected_version` guards against overwriting someone else's change. The span
    moves only on the article's current revision; the same span given again is no move.
    """
    locked = claim_lock(pk=claim.pk, claims=Claim.objects.select_related("revision", "article"))
    check_claim_editable(user=user, claim=locked)
    check_version(what="claim", expected=expected_version, current=locked.version)
    refuse_control_characters(text=text, note=note)
    refuse_too_long(
        Claim,
        text=text.strip() if text is not None else None,
        note=note.strip() if note is not None else None,
    )

    before = (locked.start, locked.end, locked.text, locked.note)
    if position is not None or quote is not None:
        old_exact = locked.exact
        selectors = _anchor(locked.revision, position, quote)
        if (selectors[0].start, selectors[0].end) != (locked.start, locked.end):
            check_claim_span_movable(user=user, claim=locked)
        _apply_anchor(locked, selectors)
        if text is None and locked.text == _restated("", old_exact):
            # The claim still read as its old quote: let it follow the new one.
            text = ""
    if text is not None:
        locked.text = _restated(text, locked.exact)
    if note is not None:
        locked.note = note.strip()

    tags_changed = False
    if tags is not None:
        new_tags = tags_resolve(tags)
        old_ids = set(locked.tags.values_list("id", flat=True))
        if {tag.id for tag in new_tags} != old_ids:
            locked.tags.set(new_tags)
            tags_changed = True

    if tags_changed or before != (locked.start, locked.end, locked.text, locked.note):
        locked.version += 1
        locked.full_clean(validate_constraints=False)
        locked.save()
        locked.contributors.add(user)
    return locked


@transaction.atomic
def claim_delete(
    *, user: AbstractBaseUser, claim: Claim, expected_version: int | None = None
) -> None:
    """Delete a draft claim."""
    locked = claim_lock(pk=claim.pk)
    check_claim_editable(user=user, claim=locked)
    check_version(what="claim", expected=expected_version, current=locked.version)
    locked.delete()
