from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SourceFormat(models.TextChoices):
    TEXT = "text", "Plain text"
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


class Article(models.Model):
    """A news article. Its text lives in immutable revisions; `current_revision` is the one read."""

    title = models.CharField(max_length=500)
    url = models.URLField("original URL", max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published_on = models.DateField("published date", null=True, blank=True)
    language = models.CharField(
        max_length=35, blank=True, help_text="A BCP 47 tag, e.g. en or pt-BR."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploaded_articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    current_revision = models.OneToOneField(
        "ArticleRevision", on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Full-text search over title (weight A) and current text (weight B), kept by the services.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            models.Index(fields=["publisher"], name="article_publisher_idx"),
            models.Index(fields=["published_on"], name="article_published_idx"),
            models.Index(fields=["uploaded_by", "-created_at"], name="article_uploader_idx"),
            models.Index(fields=["-created_at", "-id"], name="article_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(title__regex=r"\S"), name="article_title_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """One immutable version of an article's canonical text: the ground truth claims point into.

    `text` is Unicode NFC with `\\n` line endings and blocks separated by one blank line; every
    offset into it counts code points. `blocks` lists its headings and paragraphs as
    `[{"kind": "heading"|"paragraph", "start": int, "end": int, "level": int}]`.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    blocks = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the text.")
    source_format = models.CharField(max_length=10, choices=SourceFormat.choices)
    original_filename = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="revision_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(text__regex=r"\S"), name="revision_text_not_blank"
            ),
            models.CheckConstraint(
                condition=models.Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="revision_hash_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"

    @property
    def length(self) -> int:
        return len(self.text)
