from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower

from annotations.workflow import ClaimStatus, Verdict
from project.limits import CLAIM_TEXT_MAX_LENGTH, NOTE_MAX_LENGTH, text_length_constraints

QUOTE_CONTEXT_LENGTH = 32
ANNOTATION_SLUG_MAX_LENGTH = 100
ANNOTATION_IRI_MAX_LENGTH = 2000


class Tag(models.Model):
    """A label on claims. Controlled tags are the short list admins curate; others are free."""

    name = models.CharField(max_length=60)
    is_controlled = models.BooleanField(
        "on the controlled list", default=False, help_text="Offered to every editor first."
    )
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(name__regex=r"\S"), name="tag_name_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _in(field: str, values) -> models.Q:
    return models.Q(**{f"{field}__in": [value.value for value in values]})


class Claim(models.Model):
    """A span of an article revision tagged as a checkable claim, with its verification status.

    The anchor is the W3C pair TextPositionSelector [start, end) (code points into the revision's
    text) and TextQuoteSelector (exact, prefix, suffix). `version` increases on every change: it
    is the ETag and the guard against lost updates.
    """

    article = models.ForeignKey(
        "annotations.Article", on_delete=models.CASCADE, related_name="claims"
    )
    revision = models.ForeignKey(
        "annotations.ArticleRevision", on_delete=models.CASCADE, related_name="claims"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=QUOTE_CONTEXT_LENGTH, blank=True)
    suffix = models.CharField(max_length=QUOTE_CONTEXT_LENGTH, blank=True)
    text = models.TextField(
        "claim",
        max_length=CLAIM_TEXT_MAX_LENGTH,
        help_text="The claim restated as a checkable sentence.",
    )
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    tags = models.ManyToManyField(Tag, related_name="claims", blank=True)

    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices(), default=ClaimStatus.DRAFT.value
    )
    verdict = models.CharField(max_length=20, choices=Verdict.choices(), blank=True)
    verdict_note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="created_claims"
    )
    # Everyone who created or edited the claim: the four-eyes rule keeps them from reviewing it.
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="contributed_claims", blank=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verified_claims",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    version = models.PositiveIntegerField(default=1)

    # What "Seen before" compares (`selectors/similarity.py`), written only by the database: a
    # trigger (migration 0008) derives them from `text` and `exact` on every insert and change.
    match_text = models.TextField(default="", editable=False)
    """The restated claim normalised: lower case, figures written one way ("4.1%")."""
    match_quote = models.TextField(default="", editable=False)
    """The quote normalised the same way."""
    match_numbers = ArrayField(models.TextField(), default=list, editable=False)
    """The figures in the claim and its quote: "4.1%", "182400", "2024"."""
    match_entities = ArrayField(models.TextField(), default=list, editable=False)
    """Names: capitalised words that do not start a sentence, as English stems."""
    match_negated = models.BooleanField(default=False, editable=False)
    match_vector = SearchVectorField(null=True, editable=False)
    """Stemmed words of the normalised claim and quote (English)."""

    # The claim as a W3C Web Annotation (`/annotations/<slug or id>`): the name a client asked
    # for with `Slug`, and the `canonical` and `via` IRIs it sent, kept unchanged.
    slug = models.CharField(
        "annotation name",
        max_length=ANNOTATION_SLUG_MAX_LENGTH,
        blank=True,
        db_default="",
        help_text="The last segment of the annotation's IRI; empty: the claim's id.",
    )
    canonical = models.CharField(
        "canonical IRI", max_length=ANNOTATION_IRI_MAX_LENGTH, blank=True, db_default=""
    )
    via = models.CharField(
        "via IRI", max_length=ANNOTATION_IRI_MAX_LENGTH, blank=True, db_default=""
    )

    class Meta:
        ordering = ["article_id", "start", "end", "id"]
        indexes = [
            models.Index(fields=["article", "start", "end"], name="claim_article_span_idx"),
            # The article list's claim counts, all and verified, from the index alone
            # (selectors/articles.py _claim_count).
            models.Index(fields=["article", "status"], name="claim_article_status_idx"),
            models.Index(fields=["status", "submitted_at", "id"], name="claim_queue_idx"),
            models.Index(fields=["assigned_to", "status"], name="claim_assignee_idx"),
            # Claims held in review the longest: what each take releases first
            # (services/review.py claims_release_abandoned). Without it the release read every
            # claim in review (2,000 at 1×, 20,000 at 10×) on each take.
            models.Index(
                fields=["assigned_at", "id"],
                name="claim_in_review_since_idx",
                condition=models.Q(status="in_review"),
            ),
            models.Index(fields=["created_by", "status"], name="claim_creator_idx"),
            models.Index(fields=["updated_at", "id"], name="claim_updated_idx"),
            # The whole export's order, read from the index alone (selectors/export/lines.py).
            models.Index(
                fields=["updated_at", "id"],
                name="claim_export_order_idx",
                condition=models.Q(status="verified"),
            ),
            models.Index(
                fields=["verified_at"],
                name="claim_verified_idx",
                condition=models.Q(status="verified"),
            ),
            # "Seen before" finds its candidates by their words (selectors/similarity.py).
            GinIndex(fields=["match_vector"], name="claim_match_vector_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="claim_span_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(exact__regex=r"(?s)."), name="claim_exact_not_empty"
            ),
            models.CheckConstraint(condition=_in("status", ClaimStatus), name="claim_status_valid"),
            models.CheckConstraint(
                condition=models.Q(verdict="") | _in("verdict", Verdict), name="claim_verdict_valid"
            ),
            # A verdict exactly when verified, with who and when.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status=ClaimStatus.VERIFIED.value,
                        verified_by__isnull=False,
                        verified_at__isnull=False,
                    )
                    & ~models.Q(verdict="")
                )
                | (~models.Q(status=ClaimStatus.VERIFIED.value) & models.Q(verdict="")),
                name="claim_verdict_iff_verified",
            ),
            # A claim in review always has its reviewer.
            models.CheckConstraint(
                condition=~models.Q(status=ClaimStatus.IN_REVIEW.value)
                | models.Q(assigned_to__isnull=False, assigned_at__isnull=False),
                name="claim_in_review_is_assigned",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="claim_version_positive"
            ),
            # An annotation's name is one path segment that no claim id can be, used once.
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="claim_slug_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(slug="")
                | (
                    models.Q(slug__regex=r"^[a-z0-9][a-z0-9_-]*$")
                    & ~models.Q(slug__regex=r"^[0-9]+$")
                ),
                name="claim_slug_valid",
            ),
            *text_length_constraints(
                "claim",
                text=CLAIM_TEXT_MAX_LENGTH,
                note=NOTE_MAX_LENGTH,
                verdict_note=NOTE_MAX_LENGTH,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def status_enum(self) -> ClaimStatus:
        return ClaimStatus(self.status)

    @property
    def verdict_enum(self) -> Verdict | None:
        return Verdict(self.verdict) if self.verdict else None


class RetiredAnnotationName(models.Model):
    """The name (slug) of a deleted claim's annotation: the protocol asks that the IRI of a
    deleted annotation never names another. A database trigger records every name when its
    claim is deleted, however that happens, and refuses it to any later claim."""

    slug = models.CharField(max_length=ANNOTATION_SLUG_MAX_LENGTH, primary_key=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug
