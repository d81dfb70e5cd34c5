from django.conf import settings
from django.db import models

from annotations.alignment import Outcome
from annotations.models.claim import QUOTE_CONTEXT_LENGTH


class Resolution(models.TextChoices):
    MOVED = "moved", "Moved with the text"
    PENDING = "pending", "Waiting for the desk"
    CONFIRMED = "confirmed", "New span confirmed"
    KEPT = "kept", "Kept on the old revision"
    SUPERSEDED = "superseded", "Superseded by a later revision"


# What may follow each outcome: an anchored claim has already moved; a changed one waits to be
# confirmed or kept; an orphaned one has nowhere to go, so it can only be kept. A pending outcome
# is superseded when the next revision arrives before anyone acted on it.
RESOLUTIONS_BY_OUTCOME: dict[Outcome, tuple[Resolution, ...]] = {
    Outcome.ANCHORED: (Resolution.MOVED,),
    Outcome.CHANGED: (
        Resolution.PENDING,
        Resolution.CONFIRMED,
        Resolution.KEPT,
        Resolution.SUPERSEDED,
    ),
    Outcome.ORPHANED: (Resolution.PENDING, Resolution.KEPT, Resolution.SUPERSEDED),
}
# Resolutions someone chose, as opposed to those the system recorded.
HUMAN_RESOLUTIONS: list[str] = [Resolution.CONFIRMED.value, Resolution.KEPT.value]


def _resolutions_by_outcome() -> models.Q:
    condition = models.Q()
    for outcome, resolutions in RESOLUTIONS_BY_OUTCOME.items():
        condition |= models.Q(outcome=outcome.value, resolution__in=[r.value for r in resolutions])
    return condition


class ClaimCorrection(models.Model):
    """What adding a revision did to one claim: the audit trail of corrections.

    One row per claim and revision added. `from_*` say where the claim was and what it quoted;
    `to_start`/`to_end` and the quote say where the claim
    moved (anchored) or where it is proposed to go (changed); an orphaned claim has neither.
    Rows are written once; the only later change a database trigger allows is resolving a
    pending row (who confirmed or kept it, and when).
    """

    claim = models.ForeignKey(
        "annotations.Claim", on_delete=models.CASCADE, related_name="corrections"
    )
    from_revision = models.ForeignKey(
        "annotations.ArticleRevision", on_delete=models.CASCADE, related_name="+"
    )
    to_revision = models.ForeignKey(
        "annotations.ArticleRevision", on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=[(o.value, o.value) for o in Outcome])
    from_start = models.PositiveIntegerField()
    from_end = models.PositiveIntegerField()
    from_exact = models.TextField(help_text="What the claim quoted before the correction.")
    to_start = models.PositiveIntegerField(null=True, blank=True)
    to_end = models.PositiveIntegerField(null=True, blank=True)
    to_exact = models.TextField(blank=True)
    to_prefix = models.CharField(max_length=QUOTE_CONTEXT_LENGTH, blank=True)
    to_suffix = models.CharField(max_length=QUOTE_CONTEXT_LENGTH, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who added the revision.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who confirmed the new span or kept the claim on its old revision.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                name="correction_pending_idx",
                condition=models.Q(resolution="pending"),
            ),
            models.Index(fields=["to_revision", "outcome"], name="correction_revision_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "to_revision"], name="correction_once_per_revision"
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(resolution="pending"),
                name="correction_one_pending_per_claim",
            ),
            models.CheckConstraint(
                condition=models.Q(from_start__lt=models.F("from_end"))
                & models.Q(from_exact__regex=r"(?s)."),
                name="correction_from_span_not_empty",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        outcome=Outcome.ORPHANED.value,
                        to_start__isnull=True,
                        to_end__isnull=True,
                        to_exact="",
                    )
                    | (
                        ~models.Q(outcome=Outcome.ORPHANED.value)
                        & models.Q(to_start__lt=models.F("to_end"), to_exact__regex=r"(?s).")
                    )
                ),
                name="correction_span_iff_not_orphaned",
            ),
            models.CheckConstraint(
                condition=_resolutions_by_outcome(),
                name="correction_resolution_fits_outcome",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        resolution__in=HUMAN_RESOLUTIONS,
                        resolved_by__isnull=False,
                        resolved_at__isnull=False,
                    )
                    | (
                        ~models.Q(resolution__in=HUMAN_RESOLUTIONS)
                        & models.Q(resolved_by__isnull=True, resolved_at__isnull=True)
                    )
                ),
                name="correction_resolved_by_whom_when",
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.outcome}, {self.resolution}"

    @property
    def outcome_enum(self) -> Outcome:
        return Outcome(self.outcome)
