from django.conf import settings
from django.db import models

from project.limits import NOTE_MAX_LENGTH, text_length_constraints
from project.web_urls import STORED_URL_PATTERN
from sources.vocabulary import Reliability, SourceKind, Stance


def _in(field: str, vocabulary) -> models.Q:
    return models.Q(**{f"{field}__in": [member.value for member in vocabulary]})


class Source(models.Model):
    """Where evidence comes from. One source per domain: citation URLs on it link here."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SourceKind.choices(), default="other")
    homepage = models.URLField(max_length=2000, blank=True)
    domain = models.CharField(
        max_length=253, unique=True, help_text="Lower-case host name without www., e.g. ons.gov.uk"
    )
    reliability = models.CharField(
        max_length=10, choices=Reliability.choices(), default=Reliability.UNKNOWN.value
    )
    reliability_reason = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind"], name="source_kind_idx"),
            models.Index(fields=["reliability"], name="source_reliability_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=_in("kind", SourceKind), name="source_kind_valid"),
            models.CheckConstraint(
                condition=_in("reliability", Reliability), name="source_reliability_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(domain__regex=r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"),
                name="source_domain_lowercase_host",
            ),
            models.CheckConstraint(
                condition=models.Q(name__regex=r"\S"), name="source_name_not_blank"
            ),
            *text_length_constraints("source", reliability_reason=NOTE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return self.name


# What a citation says as evidence, as an editor writes it: the service, the admin and the copy
# made when evidence is reused all name these fields from here.
EVIDENCE_FIELDS = (
    "stance",
    "url",
    "title",
    "quote",
    "location",
    "accessed_on",
    "archive_url",
    "note",
    "cited_revision",
    "cited_start",
    "cited_end",
    "cited_exact",
)


class Citation(models.Model):
    """One piece of evidence for a claim: a web document (url), or a span of another article."""

    # The foreign keys get no index of their own: the named indexes in Meta cover them (the
    # claim's as the first column of claim + stance), and a second copy only slows writes.
    claim = models.ForeignKey(
        "annotations.Claim", on_delete=models.CASCADE, related_name="citations", db_index=False
    )
    stance = models.CharField(max_length=20, choices=Stance.choices())
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        db_index=False,
    )
    url = models.URLField("cited URL", max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    quote = models.TextField("quoted passage", blank=True, max_length=NOTE_MAX_LENGTH)
    location = models.CharField(
        max_length=200, blank=True, help_text="Where in the document: page, section or timestamp."
    )
    accessed_on = models.DateField("access date", null=True, blank=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    # Or: a span of another article in Corroborate (code points into that revision's text).
    cited_revision = models.ForeignKey(
        "annotations.ArticleRevision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_citations",
        db_index=False,
    )
    cited_start = models.PositiveIntegerField(null=True, blank=True)
    cited_end = models.PositiveIntegerField(null=True, blank=True)
    cited_exact = models.TextField(blank=True)

    # Copied from the evidence of a claim linked as the same claim ("Seen before": reuse the
    # evidence): the citation it was copied from, while that one exists.
    reused_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reuses",
        db_index=False,
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="citations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        indexes = [
            # Holding the source too, the index alone answers the evidence counts of an
            # article's claims (`evidence_summaries`), without reading the scattered rows.
            models.Index(fields=["claim", "stance"], name="citation_claim_idx", include=["source"]),
            models.Index(fields=["source"], name="citation_source_idx"),
            models.Index(fields=["cited_revision"], name="citation_cited_revision_idx"),
            models.Index(
                fields=["reused_from"],
                name="citation_reused_from_idx",
                condition=models.Q(reused_from__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=_in("stance", Stance), name="citation_stance_valid"),
            models.CheckConstraint(
                condition=models.Q(url="") | models.Q(url__regex=STORED_URL_PATTERN),
                name="citation_url_http",
            ),
            models.CheckConstraint(
                condition=models.Q(archive_url="")
                | models.Q(archive_url__regex=STORED_URL_PATTERN),
                name="citation_archive_url_http",
            ),
            # Exactly one kind of evidence: a URL, or a whole span of another article.
            models.CheckConstraint(
                condition=(
                    ~models.Q(url="")
                    & models.Q(
                        cited_revision__isnull=True,
                        cited_start__isnull=True,
                        cited_end__isnull=True,
                        cited_exact="",
                    )
                )
                | (
                    models.Q(url="")
                    & models.Q(
                        cited_revision__isnull=False,
                        cited_start__isnull=False,
                        cited_end__isnull=False,
                    )
                    & models.Q(cited_start__lt=models.F("cited_end"))
                    & ~models.Q(cited_exact="")
                ),
                name="citation_url_or_article_span",
            ),
            *text_length_constraints("citation", quote=NOTE_MAX_LENGTH, note=NOTE_MAX_LENGTH),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.title or self.url or self.cited_exact[:60]}"


class SourceChange(models.Model):
    """One change to a source, for its page and the audit: who, when, and each changed field's
    value before and after (`{"domain": ["old.org", "new.org"]}`; on creation, before is "")."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="source_changes",
        help_text="Empty when Corroborate created the source for a cited URL.",
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    created = models.BooleanField(default=False, help_text="This change created the source.")
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["source", "changed_at"], name="source_change_idx")]

    def __str__(self) -> str:
        return f"{self.source_id} changed at {self.changed_at:%Y-%m-%d %H:%M}"


class EvidenceTally(models.Model):
    """How many citations a claim has of each stance, and from sources of each reliability (a
    citation without a source counts as unknown): the seven numbers every evidence summary
    shows. Written by triggers on citations and sources (migration 0008), never by Django, so
    that no write can leave it behind; read where summaries are shown, so that a page of a
    thousand claims reads a row a claim rather than adding up their citations again (issue 18).
    A claim without a row has no citations."""

    claim = models.OneToOneField(
        "annotations.Claim", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    corroborates = models.PositiveIntegerField(default=0)
    conflicts = models.PositiveIntegerField(default=0)
    context = models.PositiveIntegerField(default=0)
    reliability_high = models.PositiveIntegerField(default=0)
    reliability_mixed = models.PositiveIntegerField(default=0)
    reliability_low = models.PositiveIntegerField(default=0)
    reliability_unknown = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Each citation has one stance and one reliability: both add up to the citations.
            models.CheckConstraint(
                condition=models.Q(
                    reliability_high=models.F("corroborates")
                    + models.F("conflicts")
                    + models.F("context")
                    - models.F("reliability_mixed")
                    - models.F("reliability_low")
                    - models.F("reliability_unknown")
                ),
                name="evidence_tally_counts_agree",
            ),
        ]

    def __str__(self) -> str:
        return f"Evidence of claim {self.claim_id}"


TALLY_STANCE_COLUMNS: dict[Stance, str] = {stance: stance.value for stance in Stance}
"""The tally's column of each stance."""
TALLY_RELIABILITY_COLUMNS: dict[Reliability, str] = {
    level: f"reliability_{level.value}" for level in Reliability
}
"""The tally's column of each reliability level."""
