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

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from annotations import anchoring
from annotations.alignment import Followed, Outcome, align
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

    Call inside the transaction that stored `revision` and made it current. Five queries
    however many claims: lock them, supersede what they waited on, read the old texts, move
    the anchored ones and record every outcome, each write one statement.
    """
    pending = ClaimCorrection.objects.filter(claim=OuterRef("pk"), resolution=Resolution.PENDING)
    claims = list(
        Claim.objects.select_for_update(of=("self",))
        .filter(article_id=revision.article_id)
        .filter(Q(revision__number=revision.number - 1) | Q(Exists(pending)))
        .exclude(revision=revision)
        .order_by("id")
        .values_list("pk", "revision_id", "start", "end", "exact", named=True)
    )
    if not claims:
        return CorrectionCounts()
    # Every claim of the article still waiting is among `claims`: its wait ends here.
    ClaimCorrection.objects.filter(
        claim__article_id=revision.article_id, resolution=Resolution.PENDING
    ).update(resolution=Resolution.SUPERSEDED)
    by_revision: dict[int, list] = defaultdict(list)
    for claim in claims:
        by_revision[claim.revision_id].append(claim)
    old_texts = dict(ArticleRevision.objects.filter(pk__in=by_revision).values_list("pk", "text"))
    outcomes: list[_FollowedClaim] = []
    for revision_id, revision_claims in by_revision.items():
        alignment = align(old_texts[revision_id], revision.text)
        for claim in revision_claims:
            span = anchoring.Span(claim.start, claim.end)
            followed = alignment.follow(span)
            quote = (
                anchoring.build_selectors(revision.text, followed.span)[1]
                if followed.span is not None
                else None
            )
            outcomes.append(
                _FollowedClaim(claim.pk, revision_id, span, claim.exact, followed, quote)
            )
    now = timezone.now()
    _write_moves([o for o in outcomes if o.moves], revision=revision, now=now)
    _write_corrections(outcomes, revision=revision, user=user, now=now)
    counts = Counter(o.followed.outcome for o in outcomes)
    return CorrectionCounts(**{outcome.value: counts[outcome] for outcome in Outcome})


@dataclass(frozen=True)
class _FollowedClaim:
    claim_id: int
    from_revision_id: int
    span: anchoring.Span
    exact: str
    followed: Followed
    quote: anchoring.TextQuoteSelector | None

    @property
    def moves(self) -> bool:
        return self.followed.outcome is Outcome.ANCHORED


# The two writes below are single statements over arrays: Django's bulk_update writes a CASE per
# row and column and took seconds to build for a thousand claims, and bulk_create spent half a
# second making and compiling the rows. The database's constraints and triggers check them as
# they check any other write.


def _write_moves(moved: list[_FollowedClaim], *, revision: ArticleRevision, now) -> None:
    """Point the anchored claims at their place in `revision` (their exact text is the same)."""
    if not moved:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Claim._meta.db_table} AS claim
            SET revision_id = %s, start = moved.start, "end" = moved."end",
                prefix = moved.prefix, suffix = moved.suffix,
                version = claim.version + 1, updated_at = %s
            FROM unnest(%s::bigint[], %s::integer[], %s::integer[], %s::text[], %s::text[])
                AS moved(id, start, "end", prefix, suffix)
            WHERE claim.id = moved.id
            """,
            [
                revision.pk,
                now,
                [o.claim_id for o in moved],
                [o.followed.span.start for o in moved],
                [o.followed.span.end for o in moved],
                [o.quote.prefix for o in moved],
                [o.quote.suffix for o in moved],
            ],
        )


def _write_corrections(
    outcomes: list[_FollowedClaim], *, revision: ArticleRevision, user: AbstractBaseUser, now
) -> None:
    """Record each claim's outcome: moved when anchored, otherwise pending for the desk."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {ClaimCorrection._meta.db_table} (
                claim_id, from_revision_id, to_revision_id, outcome, from_start, from_end,
                from_exact, to_start, to_end, to_exact, to_prefix, to_suffix, resolution,
                created_by_id, created_at
            )
            SELECT row.claim_id, row.from_revision_id, %s, row.outcome, row.from_start,
                   row.from_end, row.from_exact, row.to_start, row.to_end, row.to_exact,
                   row.to_prefix, row.to_suffix, row.resolution, %s, %s
            FROM unnest(
                %s::bigint[], %s::bigint[], %s::text[], %s::integer[], %s::integer[],
                %s::text[], %s::integer[], %s::integer[], %s::text[], %s::text[], %s::text[],
                %s::text[]
            ) AS row(
                claim_id, from_revision_id, outcome, from_start, from_end, from_exact, to_start,
                to_end, to_exact, to_prefix, to_suffix, resolution
            )
            """,
            [
                revision.pk,
                user.pk,
                now,
                [o.claim_id for o in outcomes],
                [o.from_revision_id for o in outcomes],
                [o.followed.outcome.value for o in outcomes],
                [o.span.start for o in outcomes],
                [o.span.end for o in outcomes],
                [o.exact for o in outcomes],
                [o.followed.span.start if o.followed.span else None for o in outcomes],
                [o.followed.span.end if o.followed.span else None for o in outcomes],
                [o.quote.exact if o.quote else "" for o in outcomes],
                [o.quote.prefix if o.quote else "" for o in outcomes],
                [o.quote.suffix if o.quote else "" for o in outcomes],
                [(Resolution.MOVED if o.moves else Resolution.PENDING).value for o in outcomes],
            ],
        )


def _move(claim: Claim, *, correction: ClaimCorrection) -> None:
    """Point `claim` at the span `correction` proposed for it (not saved)."""
    claim.revision_id = correction.to_revision_id
    claim.start, claim.end = correction.to_start, correction.to_end
    claim.exact, claim.prefix, claim.suffix = (
        correction.to_exact,
        correction.to_prefix,
        correction.to_suffix,
    )
    claim.version += 1


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
    _move(locked, correction=correction)
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
