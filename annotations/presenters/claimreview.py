"""schema.org `ClaimReview`: the markup search engines and fact-check aggregators read.

`reviewRating` always names the verdict (`alternateName`); its `ratingValue` places it on the
5 (true) to 1 (false) scale, and is left out for a verdict off that scale (unproven). The review's
`url` is the claim's public fact-check page, which carries the same markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

import orjson
from django.utils import timezone

from annotations.presenters.base import Site, buffered
from annotations.selectors.export.rows import ExportClaim
from annotations.workflow import CLAIMREVIEW_BEST_RATING, CLAIMREVIEW_WORST_RATING

SCHEMA_CONTEXT: Final = "https://schema.org"

# Inside <script>, "</script>" or "<!--" would end or derail the element: no <, > or & at all.


def _appearance(claim: ExportClaim) -> dict[str, object]:
    article = claim.article
    work: dict[str, object] = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.publisher:
        work["publisher"] = {"@type": "Organization", "name": article.publisher}
    return work


def _item_reviewed(claim: ExportClaim, site: Site) -> dict[str, object]:
    article = claim.article
    item: dict[str, object] = {"@type": "Claim", "appearance": _appearance(claim)}
    if article.author:
        item["author"] = {"@type": "Person", "name": article.author}
    if article.published_on:
        item["datePublished"] = article.published_on.isoformat()
    if claim.same_as:
        # The same claim, made elsewhere and reviewed on these fact-check pages ("Seen before").
        item["sameAs"] = [site.factcheck_url(other) for other in claim.same_as]
    return item


def _rating(claim: ExportClaim) -> dict[str, object]:
    rating: dict[str, object] = {"@type": "Rating"}
    if claim.verdict.rating_value is not None:
        rating["ratingValue"] = claim.verdict.rating_value
    rating["bestRating"] = CLAIMREVIEW_BEST_RATING
    rating["worstRating"] = CLAIMREVIEW_WORST_RATING
    rating["alternateName"] = claim.verdict.label
    return rating


def claim_to_claimreview(claim: ExportClaim, site: Site) -> dict[str, object]:
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": site.factcheck_url(claim.id),
        "claimReviewed": claim.text,
        "datePublished": timezone.localdate(claim.verified_at).isoformat(),
        "author": {
            "@type": "Organization",
            "name": site.organization_name,
            "url": site.organization_url,
        },
        "reviewRating": _rating(claim),
        "itemReviewed": _item_reviewed(claim, site),
    }


def claimreview_array_stream(claims: Iterable[ExportClaim], site: Site) -> Iterator[bytes]:
    """A JSON array of ClaimReviews, written one at a time."""

    def pieces() -> Iterator[bytes]:
        separator = b"["
        for claim in claims:
            yield separator + orjson.dumps(claim_to_claimreview(claim, site))
            separator = b","
        yield b"[]\n" if separator == b"[" else b"]\n"

    return buffered(pieces())
