from django.conf import settings
from django.db import models

from annotations.workflow import ClaimStatus, Verdict
from project.limits import NOTE_MAX_LENGTH, text_length_constraints


class ReviewEvent(models.Model):
    """One transition of a claim's status: who, when, from, to, verdict, comment. The audit
    trail: database triggers (migrations) refuse UPDATE and DELETE on this table, and the events
    of a deleted claim stay, still naming it by id (as its tombstone does)."""

    # No database foreign key and nothing done on delete: the claim may go, its history stays.
    claim = models.ForeignKey(
        "annotations.Claim",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_events",
        help_text="Empty when the system acted (an abandoned claim returned to the queue).",
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices())
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices())
    verdict = models.CharField(max_length=20, choices=Verdict.choices(), blank=True)
    comment = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="event_claim_idx"),
            models.Index(fields=["to_status", "created_at"], name="event_to_status_idx"),
            models.Index(fields=["actor", "created_at"], name="event_actor_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_status__in=[s.value for s in ClaimStatus])
                & models.Q(to_status__in=[s.value for s in ClaimStatus]),
                name="event_statuses_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")), name="event_changes_status"
            ),
            *text_length_constraints("event", comment=NOTE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: {self.from_status} → {self.to_status}"
