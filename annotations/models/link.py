from django.conf import settings
from django.db import models
from django.db.models.functions import Greatest, Least


class ClaimLink(models.Model):
    """An editor's judgement that `claim` makes the same claim as `same_as`, a claim of another
    article: "Seen before". The relation has no direction for readers (either claim lists the
    other); `claim` is the one the editor was working on when linking.

    The database holds the rules: no claim is linked to itself, a pair is linked once whichever
    way round, and both claims are in different articles (a trigger, migration 0008).
    """

    claim = models.ForeignKey(
        "annotations.Claim", on_delete=models.CASCADE, related_name="links_made"
    )
    same_as = models.ForeignKey(
        "annotations.Claim", on_delete=models.CASCADE, related_name="links_received"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_links"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(claim=models.F("same_as")), name="claim_link_not_itself"
            ),
            models.UniqueConstraint(
                Least("claim", "same_as"), Greatest("claim", "same_as"), name="claim_link_once"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} is the same claim as {self.same_as_id}"
