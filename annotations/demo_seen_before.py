"""Demo of "Seen before": a follow-up article from another paper that repeats, in its own words,
claims the library article made, with draft claims marked on it and the first linked to the
claim it repeats. Claims and links go through the services, like every other."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from annotations import anchoring
from annotations.models import Article, Claim
from annotations.selectors.similarity import similar_to_claim
from annotations.services.articles import (
    ArticleContent,
    ArticleMetadata,
    DuplicateArticle,
    article_upload,
)
from annotations.services.claims import claim_create
from annotations.services.links import claim_link

FOLLOW_UP_CLAIMS = (
    "Visits to Millbrook's central library went up 34 per cent last year, so it will start "
    "opening on Sundays on 6 April.",
    "Opening on Sundays is expected to cost roughly £48,000 a year, most of it for staff pay.",
    "The library keeps its existing budget of £1.2m.",
)
FOLLOW_UP_TEXT = (
    "Millbrook's library will be open seven days a week from next month.\n\n"
    + " ".join(FOLLOW_UP_CLAIMS[:2])
    + "\n\nCouncillors approved the plan without a vote. "
    + FOLLOW_UP_CLAIMS[2]
    + "\n"
)
FOLLOW_UP_METADATA = ArticleMetadata(
    title="Sunday opening confirmed for Millbrook library",
    url="https://vale-evening-post.example/news/millbrook-library-sundays",
    publisher="Vale Evening Post",
    author="Owen Tarrant",
    published_on=date(2025, 3, 20),
    language="en",
)


@transaction.atomic
def load_demo_seen_before(*, editor: User) -> list[Claim]:
    """The follow-up article and its claims, the first linked to the claim it repeats; nothing
    when the article is already there."""
    content = ArticleContent(
        text=FOLLOW_UP_TEXT, source_format="text", original_filename="library-follow-up.txt"
    )
    try:
        article = article_upload(user=editor, content=content, metadata=FOLLOW_UP_METADATA)
    except DuplicateArticle:
        return []
    claims = [_mark(article, editor, sentence) for sentence in FOLLOW_UP_CLAIMS]
    candidates = similar_to_claim(claim=claims[0], limit=1)
    if candidates and candidates[0].likely_same:
        claim_link(
            user=editor,
            claim=claims[0],
            same_as=Claim.objects.get(pk=candidates[0].pk),
        )
    return claims


def _mark(article: Article, editor: User, sentence: str) -> Claim:
    start = article.current_revision.text.index(sentence)
    return claim_create(
        user=editor,
        article=article,
        position=anchoring.TextPositionSelector(start, start + len(sentence)),
        tags=["demo"],
    )
