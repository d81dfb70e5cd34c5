"""schema.org `ClaimReview`: the markup search engines and fact-check aggregators read, field
by field as Google's fact-check structured data guidance asks.

- Required: `claimReviewed` (one line, at most 75 characters, as the guidance recommends for
  display on phones), `reviewRating.alternateName` (the verdict's words) and `url` (the claim's
  public fact-check page, which carries the same markup).
- Recommended: `author` (the fact-checking organisation), `datePublished`, `itemReviewed` (the
  Claim: its `author`, `datePublished` and `appearance`, the article), and the rating's `name`.
- A verdict on the 5 (true) to 1 (false) scale gives `ratingValue` with `bestRating` and
  `worstRating`; one without a numeric value (unproven) is a textual rating only: no scale at all.
- Every URL is a URI (`project.web_urls`); an article URL that cannot be one is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

import orjson
from django.utils import timezone

from annotations.presenters.base import Site, buffered
from annotations.selectors.export.rows import ExportClaim
from annotations.workflow import CLAIMREVIEW_BEST_RATING, CLAIMREVIEW_WORST_RATING
from project.web_urls import NotAWebUrl, web_uri

SCHEMA_CONTEXT: Final = "https://schema.org"

# Inside <script>, "</script>" or "<!--" would end or derail the element: no <, > or & at all.


CLAIM_REVIEWED_MAX_LENGTH: Final = 75
_ELLIPSIS: Final = "…"


def claim_reviewed(text: str) -> str:
    """The claim on one line, cut at a word to at most CLAIM_REVIEWED_MAX_LENGTH characters."""
    line = " ".join(text.split())
    if len(line) <= CLAIM_REVIEWED_MAX_LENGTH:
        return line
    cut = line[: CLAIM_REVIEWED_MAX_LENGTH - len(_ELLIPSIS) + 1].rsplit(" ", 1)[0]
    if len(cut) > CLAIM_REVIEWED_MAX_LENGTH - len(_ELLIPSIS):  # one long word
        cut = cut[: CLAIM_REVIEWED_MAX_LENGTH - len(_ELLIPSIS)]
    return cut.rstrip(" ,;:.") + _ELLIPSIS


def _uri_or_none(url: str) -> str | None:
    try:
        return web_uri(url) if url else None
    except NotAWebUrl:
        return None


def _appearance(claim: ExportClaim) -> dict[str, object]:
    article = claim.article
    work: dict[str, object] = {"@type": "CreativeWork", "headline": article.title}
    url = _uri_or_none(article.url)
    if url:
        work["url"] = url
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
    label = claim.verdict.label
    rating: dict[str, object] = {"@type": "Rating", "alternateName": label, "name": label}
    if claim.verdict.rating_value is not None:
        rating["ratingValue"] = claim.verdict.rating_value
        rating["bestRating"] = CLAIMREVIEW_BEST_RATING
        rating["worstRating"] = CLAIMREVIEW_WORST_RATING
    return rating


def claim_to_claimreview(claim: ExportClaim, site: Site) -> dict[str, object]:
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": site.factcheck_url(claim.id),
        "claimReviewed": claim_reviewed(claim.text),
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
