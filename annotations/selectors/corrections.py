"""Reads on corrections: where a claim stands against its article's current text, what adding a
revision did to the claims (the corrections summary), and the claims waiting on the desk."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import JSONObject

from annotations.alignment import Outcome, Piece, wording_diff
from annotations.anchoring import position_selector_json, quote_selector_json
from annotations.models import Article, ArticleRevision, Claim, ClaimCorrection, Resolution
from annotations.workflow import ClaimStatus
from project.errors import NotFound


@dataclass(frozen=True)
class ClaimAnchor:
    """Where a claim stands: `anchored` on its article's current revision, or `changed` /
    `orphaned` on an older one, with the proposed span (and the revision it points into) of a
    changed claim."""

    status: Outcome
    proposed: list[dict[str, object]] | None = None
    revision: int | None = None

    def to_json(self) -> dict[str, object]:
        return {"status": self.status.value, "proposed": self.proposed, "revision": self.revision}


def _latest_correction() -> QuerySet[ClaimCorrection]:
    return ClaimCorrection.objects.filter(claim=OuterRef("pk")).order_by(
        "-to_revision__number", "-id"
    )


def with_anchor(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """`claims` with what `claim_anchor` reads: `anchor_status` (filterable) and the latest
    correction's proposal, both computed in the same query."""
    latest = _latest_correction()
    return claims.annotate(
        anchor_status=Case(
            When(revision_id=F("article__current_revision_id"), then=Value(Outcome.ANCHORED)),
            default=Subquery(latest.values("outcome")[:1]),
        ),
        anchor_proposal=Subquery(
            latest.values(
                proposal=JSONObject(
                    start="to_start",
                    end="to_end",
                    exact="to_exact",
                    prefix="to_prefix",
                    suffix="to_suffix",
                    revision="to_revision__number",
                )
            )[:1]
        ),
    )


def claim_anchor(claim: Claim) -> ClaimAnchor:
    """The anchor of a claim read through `with_anchor`."""
    # A claim left on an older revision before corrections were recorded has no outcome: it
    # stayed where it was made, which is what orphaned says.
    status = Outcome(claim.anchor_status or Outcome.ORPHANED)
    proposal = claim.anchor_proposal
    if status is not Outcome.CHANGED or proposal is None:
        return ClaimAnchor(status)
    return ClaimAnchor(
        status,
        proposed=[
            position_selector_json(proposal["start"], proposal["end"]),
            quote_selector_json(proposal["exact"], proposal["prefix"], proposal["suffix"]),
        ],
        revision=proposal["revision"],
    )


# Pages ----------------------------------------------------------------------------------------

ANCHORED_SHOWN_MAX = 200
"""Claims that simply followed the text are listed up to this many on the summary."""


@dataclass(frozen=True)
class CorrectionRow:
    """One claim's outcome as the desk sees it: its old wording and, when changed, the new one,
    with the words that differ marked."""

    correction: ClaimCorrection
    old_wording: list[Piece]
    new_wording: list[Piece]

    @property
    def claim(self) -> Claim:
        return self.correction.claim

    @property
    def is_pending(self) -> bool:
        return self.correction.resolution == Resolution.PENDING

    @property
    def is_verified(self) -> bool:
        return self.claim.status == ClaimStatus.VERIFIED

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.claim.status).label


def correction_row(correction: ClaimCorrection) -> CorrectionRow:
    if correction.outcome == Outcome.CHANGED:
        old, new = wording_diff(correction.from_exact, correction.to_exact)
    else:
        old, new = [Piece(correction.from_exact, False)], []
    return CorrectionRow(correction, old, new)


@dataclass(frozen=True)
class CorrectionsSummary:
    """What adding `revision` did to the article's claims."""

    article: Article
    revision: ArticleRevision
    changed: list[CorrectionRow]
    orphaned: list[CorrectionRow]
    anchored: list[CorrectionRow]
    anchored_count: int

    @property
    def total(self) -> int:
        return self.anchored_count + len(self.changed) + len(self.orphaned)

    @property
    def waiting(self) -> int:
        return sum(row.is_pending for row in (*self.changed, *self.orphaned))

    @property
    def verified_waiting(self) -> int:
        return sum(row.is_pending and row.is_verified for row in (*self.changed, *self.orphaned))


def _corrections() -> QuerySet[ClaimCorrection]:
    return ClaimCorrection.objects.select_related(
        "claim", "claim__article", "from_revision", "to_revision", "resolved_by"
    ).defer(
        "from_revision__text",
        "from_revision__blocks",
        "to_revision__text",
        "to_revision__blocks",
        "claim__article__search_vector",
    )


def corrections_summary(*, article: Article, number: int) -> CorrectionsSummary:
    """The outcomes of revision `number` of `article`, changed and orphaned claims first."""
    revision = (
        ArticleRevision.objects.select_related("created_by")
        .defer("text", "blocks")
        .filter(article=article, number=number)
        .first()
    )
    if revision is None:
        raise NotFound(f"“{article.title}” has no revision {number}.")
    rows: dict[str, list[CorrectionRow]] = {outcome.value: [] for outcome in Outcome}
    corrections = _corrections().filter(to_revision=revision).order_by("from_start", "id")
    anchored_count = 0
    for correction in corrections:
        if correction.outcome == Outcome.ANCHORED:
            anchored_count += 1
            if anchored_count > ANCHORED_SHOWN_MAX:
                continue
        rows[correction.outcome].append(correction_row(correction))
    return CorrectionsSummary(
        article=article,
        revision=revision,
        changed=rows[Outcome.CHANGED],
        orphaned=rows[Outcome.ORPHANED],
        anchored=rows[Outcome.ANCHORED],
        anchored_count=anchored_count,
    )


def corrections_waiting() -> QuerySet[ClaimCorrection]:
    """Every claim waiting on the desk after a correction, across articles, oldest first."""
    return _corrections().filter(resolution=Resolution.PENDING).order_by("created_at", "id")


def article_corrections_waiting(*, article: Article) -> int:
    """How many of the article's claims wait on the desk after a correction."""
    return ClaimCorrection.objects.filter(
        claim__article=article, resolution=Resolution.PENDING
    ).count()


def revision_has_corrections(*, revision: ArticleRevision) -> bool:
    """Whether adding `revision` gave any claim an outcome (the desk has a summary to read)."""
    return ClaimCorrection.objects.filter(to_revision=revision).exists()


def revision_outcome_counts(*, revision: ArticleRevision) -> dict[Outcome, int]:
    """How many claims got each outcome when `revision` was added."""
    counts = dict(
        ClaimCorrection.objects.filter(to_revision=revision)
        .values_list("outcome")
        .annotate(count=Count("pk"))
    )
    return {outcome: counts.get(outcome.value, 0) for outcome in Outcome}
