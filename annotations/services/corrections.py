"""Claims follow their article into a corrected revision: the writes.

`claims_follow_revision` runs inside the transaction that adds a revision (page, API or
`import_articles`, all through `article_revision_create`). It aligns each revision that claims
still point into with the new text (`annotations.alignment`) and gives every such claim one
outcome, recorded as a `ClaimCorrection`:

- anchored: the claim moves, its selectors now point into the new revision; its status and
  verdict stay (the quoted words are identical);
- changed: the claim stays on its revision, with a proposed span in the new one, pending until
  an editor confirms the new span (`claim_correction_confirm`) or keeps the claim where it is
  (`claim_correction_keep`);
- orphaned: the claim stays on its revision, pending until an editor keeps it there.

The claims concerned are those on the revision that was current, and those still waiting on an
earlier correction (their pending outcome is superseded by the new one). A verified claim that
does not move stays verified, and exported, on the revision it was checked against.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from annotations import anchoring
from annotations.alignment import Outcome, align
from annotations.models import ArticleRevision, Claim, ClaimCorrection, Resolution
from annotations.people import display_name
from annotations.policies import check_resolve_corrections
from annotations.services.review import claim_recheck_after_correction
from project.errors import Conflict, check_version


@dataclass(frozen=True)
class CorrectionCounts:
    """How many claims each outcome got when a revision was added."""

    anchored: int = 0
    changed: int = 0
    orphaned: int = 0

    @property
    def total(self) -> int:
        return self.anchored + self.changed + self.orphaned


def claims_follow_revision(
    *, user: AbstractBaseUser, revision: ArticleRevision
) -> CorrectionCounts:
    """Give every claim concerned by the new `revision` its outcome (see the module's doc).

    Call inside the transaction that stored `revision` and made it current. A constant number
    of queries however many claims: lock them, read the old texts, then write in bulk.
    """
    pending = ClaimCorrection.objects.filter(claim=OuterRef("pk"), resolution=Resolution.PENDING)
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .filter(article_id=revision.article_id)
        .filter(Q(revision__number=revision.number - 1) | Q(Exists(pending)))
        .exclude(revision=revision)
        .order_by("id")
    )
    if not claims:
        return CorrectionCounts()
    ClaimCorrection.objects.filter(claim__in=claims, resolution=Resolution.PENDING).update(
        resolution=Resolution.SUPERSEDED
    )
    by_revision: dict[int, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_revision[claim.revision_id].append(claim)
    old_texts = dict(ArticleRevision.objects.filter(pk__in=by_revision).values_list("pk", "text"))
    now = timezone.now()
    corrections: list[ClaimCorrection] = []
    moved: list[Claim] = []
    for revision_id, revision_claims in by_revision.items():
        alignment = align(old_texts[revision_id], revision.text)
        for claim in revision_claims:
            followed = alignment.follow(anchoring.Span(claim.start, claim.end))
            correction = ClaimCorrection(
                claim=claim,
                from_revision_id=revision_id,
                to_revision=revision,
                outcome=followed.outcome.value,
                from_start=claim.start,
                from_end=claim.end,
                resolution=(
                    Resolution.MOVED if followed.outcome is Outcome.ANCHORED else Resolution.PENDING
                ),
                created_by=user,
            )
            if followed.span is not None:
                _set_proposal(correction, revision.text, followed.span)
            corrections.append(correction)
            if followed.outcome is Outcome.ANCHORED:
                _move(claim, revision_id=revision.pk, correction=correction, now=now)
                moved.append(claim)
    Claim.objects.bulk_update(
        moved, ["revision", "start", "end", "prefix", "suffix", "version", "updated_at"]
    )
    ClaimCorrection.objects.bulk_create(corrections)
    return CorrectionCounts(
        **{
            outcome.value: sum(1 for c in corrections if c.outcome == outcome.value)
            for outcome in Outcome
        }
    )


def _set_proposal(correction: ClaimCorrection, text: str, span: anchoring.Span) -> None:
    position, quote = anchoring.build_selectors(text, span)
    correction.to_start, correction.to_end = position.start, position.end
    correction.to_exact, correction.to_prefix, correction.to_suffix = (
        quote.exact,
        quote.prefix,
        quote.suffix,
    )


def _move(claim: Claim, *, revision_id: int, correction: ClaimCorrection, now) -> None:
    """Point `claim` at the span `correction` found for it (not saved)."""
    claim.revision_id = revision_id
    claim.start, claim.end = correction.to_start, correction.to_end
    claim.exact, claim.prefix, claim.suffix = (
        correction.to_exact,
        correction.to_prefix,
        correction.to_suffix,
    )
    claim.version += 1
    claim.updated_at = now  # bulk_update leaves auto_now fields alone


# The desk's decisions -------------------------------------------------------------------------


def _locked_pending(claim: Claim, expected_version: int | None) -> tuple[Claim, ClaimCorrection]:
    locked = Claim.objects.select_for_update().select_related("revision").get(pk=claim.pk)
    check_version(what="claim", expected=expected_version, current=locked.version)
    correction = (
        ClaimCorrection.objects.select_for_update()
        .select_related("to_revision")
        .filter(claim=locked, resolution=Resolution.PENDING)
        .first()
    )
    if correction is None:
        raise Conflict("This claim is not waiting on a correction: someone already decided.")
    return locked, correction


def _resolve(correction: ClaimCorrection, *, user: AbstractBaseUser, resolution: Resolution):
    correction.resolution = resolution
    correction.resolved_by, correction.resolved_at = user, timezone.now()
    correction.save(update_fields=["resolution", "resolved_by", "resolved_at"])


@transaction.atomic
def claim_correction_confirm(
    *, user: AbstractBaseUser, claim: Claim, expected_version: int | None = None
) -> Claim:
    """Move a changed claim to its proposed span in the corrected revision.

    A draft, submitted, changes-requested or rejected claim just moves; a claim in review or
    verified goes back to the review queue, with an event saying that the article was corrected
    (the words a reviewer checked changed). The editor becomes one of the claim's contributors.
    """
    check_resolve_corrections(user=user)
    locked, correction = _locked_pending(claim, expected_version)
    if correction.outcome != Outcome.CHANGED.value:
        raise Conflict(
            "This claim's passage is gone from the corrected text, so there is no new span to "
            "confirm: keep it on its old revision, or mark the claim again on the new text."
        )
    old_number, new_number = locked.revision.number, correction.to_revision.number
    _move(locked, revision_id=correction.to_revision_id, correction=correction, now=timezone.now())
    locked.save(
        update_fields=[
            "revision",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "version",
            "updated_at",
        ]
    )
    locked.contributors.add(user)
    _resolve(correction, user=user, resolution=Resolution.CONFIRMED)
    comment = (
        f"The article was corrected (revision {old_number} → {new_number}); "
        f"{display_name(user)} confirmed the claim's new span: “{locked.exact}”."
    )
    return claim_recheck_after_correction(user=user, claim=locked, comment=comment)


@transaction.atomic
def claim_correction_keep(
    *, user: AbstractBaseUser, claim: Claim, expected_version: int | None = None
) -> ClaimCorrection:
    """Leave a changed or orphaned claim on its old revision, as the desk decided: it keeps its
    status (a verified claim stays verified and exported there) and waits no longer."""
    check_resolve_corrections(user=user)
    _, correction = _locked_pending(claim, expected_version)
    _resolve(correction, user=user, resolution=Resolution.KEPT)
    return correction
