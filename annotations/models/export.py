from django.contrib.postgres.fields import ArrayField
from django.db import models


class ExportChange(models.Model):
    """One change to what the export shows for a claim, written by database triggers only
    (migration 0015), so that no code path can forget it.

    A row is written whenever a verified claim's exported record may have changed: the claim
    itself (verified, edited, reopened, deleted), its tags or citations, or something it embeds
    (its article, a cited source, a tag's name, its editor's or reviewer's name). `txid` is the
    writing transaction's id; the feed reads rows in (txid, id) order and only below the oldest
    running transaction's id, where no new row can ever appear (see `selectors/export/feed.py`).

    `was_exported` and the four keys beside it describe the claim as it was just before the
    change, when it was verified: a withdrawal reaches the consumers whose filters it matched.
    """

    txid = models.BigIntegerField()
    claim_id = models.BigIntegerField()
    changed_at = models.DateTimeField()
    was_exported = models.BooleanField()
    article_id = models.BigIntegerField(null=True)
    verdict = models.CharField(max_length=20, blank=True)
    reviewer_id = models.BigIntegerField(null=True)
    tag_ids = ArrayField(models.BigIntegerField(), default=list)

    class Meta:
        indexes = [
            models.Index(fields=["txid", "id"], name="export_change_feed_idx"),
            models.Index(fields=["changed_at"], name="export_change_time_idx"),
            models.Index(fields=["claim_id"], name="export_change_claim_idx"),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} changed in transaction {self.txid}"


class ExportVersion(models.Model):
    """The version of a claim's exported record: the id of its newest row in the log, set by a
    trigger on the log in the same transaction (migration 0013)."""

    claim_id = models.BigIntegerField(primary_key=True)
    change_id = models.BigIntegerField()

    class Meta:
        indexes = [
            # The whole export looks up each claim's version in its own order, not the claims':
            # from this index alone, a leaf a claim (migration 0018).
            models.Index(
                fields=["claim_id"], include=["change_id"], name="export_version_lookup_idx"
            )
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id} at change {self.change_id}"


class ExportLine(models.Model):
    """A claim's NDJSON line, rendered for one version of its record and one rendering `key`
    (the presenters' code and the site's links), kept until the claim changes
    (`selectors/export/lines.py`)."""

    claim_id = models.BigIntegerField()
    change_id = models.BigIntegerField()
    # The claim's `updated_at` in the record rendered: the line's place in the export's order.
    # None for lines kept before it was recorded (migration 0017), which are never served.
    claim_updated_at = models.DateTimeField(null=True)
    key = models.CharField(max_length=64)
    line = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim_id", "change_id", "key"], name="export_line_once"
            )
        ]
        indexes = [
            # The whole export reads a key's lines in its own order, beside the claims.
            models.Index(
                fields=["key", "claim_updated_at", "claim_id"], name="export_line_order_idx"
            )
        ]

    def __str__(self) -> str:
        return f"line of claim {self.claim_id} at change {self.change_id}"
