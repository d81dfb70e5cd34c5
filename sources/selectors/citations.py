"""Reads that concern citations: a claim's evidence, and the claims citing an article."""

from __future__ import annotations

from django.db.models import QuerySet

from project.errors import NotFound
from sources.models import Citation

_DISPLAYED_WITH = ("source", "created_by", "cited_revision__article")


def citations_for_claim(*, claim_id: int) -> QuerySet[Citation]:
    """The claim's evidence in the order it was added, with everything the evidence list shows."""
    return Citation.objects.filter(claim_id=claim_id).select_related(*_DISPLAYED_WITH)


def citation_get(*, pk: int, claim_id: int | None = None) -> Citation:
    """One citation (of the given claim, if named) with its claim, or NotFound."""
    citations = Citation.objects.select_related("claim", *_DISPLAYED_WITH)
    if claim_id is not None:
        citations = citations.filter(claim_id=claim_id)
    try:
        return citations.get(pk=pk)
    except Citation.DoesNotExist as error:
        raise NotFound(f"There is no citation {pk} on this claim.") from error


# What the "Cited as evidence by" list shows, and nothing more: the cited revision's text and
# blocks, the citing article's search vector and the claim's anchoring are large, and carrying
# them through the join also tips PostgreSQL into scanning the whole cited-revision index
# (~25 ms on an article nobody cites) instead of looking up this article's revisions.
_INCOMING_SHOWN = (
    "stance",
    "cited_exact",
    "cited_revision__number",
    "claim__text",
    "claim__article__title",
)


def incoming_citations_for_article(*, article_id: int) -> QuerySet[Citation]:
    """Citations on other articles' claims that quote a passage of the article (any revision),
    with the citing claim and its article, oldest first; only the fields the list shows."""
    return (
        Citation.objects.filter(cited_revision__article_id=article_id)
        .select_related("claim__article", "cited_revision")
        .only(*_INCOMING_SHOWN)
        .order_by("created_at", "id")
    )
