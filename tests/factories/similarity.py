"""Claims that say a given sentence, each in an article of its own: what "Seen before" compares."""

from __future__ import annotations

from annotations.models import Claim
from annotations.workflow import ClaimStatus
from tests.factories.articles import article_with_text
from tests.factories.claims import claim_in


def claim_saying(
    sentence: str, status: ClaimStatus = ClaimStatus.DRAFT, *, citations: int = 0, **kwargs
) -> Claim:
    """A claim whose quote and text are `sentence`, the whole text of a new article."""
    article = kwargs.pop("article", None) or article_with_text(sentence)
    text = article.current_revision.text
    start = text.index(sentence)
    return claim_in(
        status,
        article=article,
        start=start,
        end=start + len(sentence),
        citations=citations,
        **kwargs,
    )
