"""Reads for citing another article: finding it, and its text split into anchored blocks."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from annotations.models import Article, ArticleRevision
from project.errors import NotFound


@dataclass(frozen=True)
class TextBlock:
    """A heading or paragraph of a revision's text, starting at code point `start`."""

    kind: str
    level: int
    start: int
    text: str

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


def citable_articles(*, exclude_article_id: int, search: str = "") -> QuerySet[Article]:
    """Articles a claim of article `exclude_article_id` may cite, newest first; the search
    matches title or publisher."""
    articles = (
        Article.objects.exclude(pk=exclude_article_id)
        .filter(current_revision__isnull=False)
        .defer("search_vector")
        .order_by("-created_at", "-id")
    )
    search = search.strip()
    if search:
        articles = articles.filter(Q(title__icontains=search) | Q(publisher__icontains=search))
    return articles


def citable_article_get(*, pk: int, exclude_article_id: int) -> Article:
    """The article to cite with its current revision, or NotFound (also for the claim's own)."""
    try:
        return (
            citable_articles(exclude_article_id=exclude_article_id)
            .select_related("current_revision")
            .get(pk=pk)
        )
    except Article.DoesNotExist as error:
        raise NotFound(
            f"There is no other article {pk} to cite; choose one from the list."
        ) from error


def revision_blocks(revision: ArticleRevision) -> list[TextBlock]:
    """The revision's blocks with their text: each one is exactly the canonical text from its
    start, so the page can anchor it with `data-offset` (see static/js/selection.js)."""
    blocks = revision.blocks or [
        {"kind": "paragraph", "start": 0, "end": len(revision.text), "level": 0}
    ]
    return [
        TextBlock(
            kind=str(block.get("kind", "paragraph")),
            level=int(block.get("level") or 0),
            start=int(block["start"]),
            text=revision.text[int(block["start"]) : int(block["end"])],
        )
        for block in blocks
    ]
