"""Seen before: the claims of other articles most like a claim, best first, found by
PostgreSQL alone in one query.

Every claim carries features the database derives from its text and quote (migration 0008,
`annotations_match_features`): both normalised (lower case, figures written one way, so "4.1 per
cent" is "4.1%"), the figures, the names, whether it is negated, and its stemmed words. The
query (the function `annotations_similar_claims`, migration 0013) applies the same function to
the text being marked, then

1. gathers candidates through the GIN index of the stems, in bounded work: claims sharing a rare
   word and claims holding all the text's least common words, each search at most `SCAN_LIMIT`
   rows deep, keeping its best `CANDIDATES_PER_SEARCH` by the words they share;
2. scores each candidate: how alike the words are (trigram similarity and shared stems), plus
   or minus how the figures, the names and the negation agree;
3. keeps the best `limit` above `MIN_SCORE`.

A near miss ("4.1%" against "5.3%", March against June, Leeds against Bristol, "fell" against
"did not fall") reads almost the same, so the word scores alone would rank it with the true
match; the figure, name and negation terms are what push it below. The README ("Seen before")
explains the weights and reports precision and recall on the test set in
`tests/annotations/selectors/seen_before_pairs.json`; docs/performance.md its speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Prefetch, Q, prefetch_related_objects

from annotations.models import Claim, ClaimLink
from annotations.policies import can_link_claim, can_reuse_evidence
from annotations.workflow import ClaimStatus, Verdict
from sources.models import Citation

SEEN_BEFORE_LIMIT: Final = 5
"""How many similar claims the pages show."""
SIMILAR_LIMIT_MAX: Final = 20
"""The most the API returns in one answer."""

# Finding candidates (see the module docstring). Bounded work at any size: no search reads more
# than SCAN_LIMIT rows, and only words that few claims share start one.
RARE_WORD_CLAIMS: Final = 2000
"""A word held by fewer claims than this is rare enough to search by. PostgreSQL's statistics
of `match_vector` give the share of claims holding each common word (the others are rarer);
times the table's estimated size, that is how many claims hold it."""
DISTINCTIVE_WORDS: Final = 3
"""How many of the claim's least common words a candidate must all contain in the second
search."""
SCAN_LIMIT: Final = 3000
CANDIDATES_PER_SEARCH: Final = 40

MIN_SCORE: Final = 0.3
"""Below this a candidate shares little more than common words: not shown."""
SAME_CLAIM_SCORE: Final = 0.5
"""From this score on, with no figure, name or negation against it, a candidate is offered as
"likely the same claim"."""

# The weights of the score (see the README): the words say how alike two claims read; the
# figures, names and negation whether they say the same thing.
TRIGRAM_WEIGHT: Final = 0.5
STEMS_WEIGHT: Final = 0.5
FIGURES_AGREE: Final = 0.3
FIGURES_PARTLY: Final = 0.1
FIGURES_DIFFER: Final = 0.4
FIGURES_ONE_SIDED: Final = 0.1
NAMES_DIFFER: Final = 0.3
NAMES_PARTLY: Final = 0.1
NEGATION_DIFFERS: Final = 0.45


class Agreement(StrEnum):
    """How the figures (or the names) of a candidate compare with the claim's."""

    SAME = "same"
    PARTLY = "partly"
    """One's are all among the other's, which has more."""
    DIFFERENT = "different"
    ONE_SIDED = "one_sided"
    """Only one of the two has any."""
    NONE = "none"
    """Neither has any."""


AGREEMENTS: Final = [agreement.value for agreement in Agreement]
"""The values of `Agreement`, as the API documents them."""


@dataclass(frozen=True)
class SimilarClaim:
    pk: int
    text: str
    exact: str
    status: str
    verdict: str
    article_id: int
    article_title: str
    article_publisher: str
    score: float
    figures: Agreement
    names: Agreement
    negation_differs: bool
    linked: bool
    """Already linked as the same claim as the claim asked about."""

    @property
    def status_label(self) -> str:
        return ClaimStatus(self.status).label

    @property
    def verdict_label(self) -> str:
        return Verdict(self.verdict).label if self.verdict else ""

    @property
    def likely_same(self) -> bool:
        """Offered as the same claim: alike enough, and nothing says otherwise."""
        return (
            self.score >= SAME_CLAIM_SCORE
            and self.figures in (Agreement.SAME, Agreement.NONE, Agreement.ONE_SIDED)
            and self.names in (Agreement.SAME, Agreement.NONE)
            and not self.negation_differs
        )


# The query is the database function `annotations_similar_claims` (migration 0013, where its SQL
# is): PostgreSQL plans it once per connection rather than on every call. Its arguments, in order:
# the text and quote compared, the article whose claims are left out, the claim whose links are
# marked (0 for none), how many to return, then the constants above.
_SIMILAR_CALL: Final = """
SELECT * FROM annotations_similar_claims(
    %(text)s, %(quote)s, %(article)s, %(claim)s, %(limit)s,
    %(rare_word_claims)s, %(distinctive_words)s, %(scan_limit)s, %(per_search)s, %(min_score)s,
    %(trigram_weight)s, %(stems_weight)s, %(figures_agree)s, %(figures_partly)s,
    %(figures_differ)s, %(figures_one_sided)s, %(names_differ)s, %(names_partly)s,
    %(negation_differs)s
)
"""


def similar_claims(
    *,
    text: str,
    quote: str = "",
    exclude_article_id: int | None = None,
    claim_id: int | None = None,
    limit: int = SEEN_BEFORE_LIMIT,
) -> list[SimilarClaim]:
    """The claims most like `text` (a restated claim) and `quote` (the span it comes from),
    best first, leaving out the claims of `exclude_article_id`. `claim_id` marks which of them
    are already linked to that claim. One query."""
    text, quote = text.strip(), quote.strip()
    if not text and not quote:
        return []
    params = {
        "text": text or " ".join(quote.split()),
        "quote": quote or text,
        "article": exclude_article_id or 0,
        "claim": claim_id or 0,
        "limit": limit,
        "rare_word_claims": RARE_WORD_CLAIMS,
        "distinctive_words": DISTINCTIVE_WORDS,
        "scan_limit": SCAN_LIMIT,
        "per_search": CANDIDATES_PER_SEARCH,
        "min_score": MIN_SCORE,
        "trigram_weight": TRIGRAM_WEIGHT,
        "stems_weight": STEMS_WEIGHT,
        "figures_agree": FIGURES_AGREE,
        "figures_partly": FIGURES_PARTLY,
        "figures_differ": FIGURES_DIFFER,
        "figures_one_sided": FIGURES_ONE_SIDED,
        "names_differ": NAMES_DIFFER,
        "names_partly": NAMES_PARTLY,
        "negation_differs": NEGATION_DIFFERS,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SIMILAR_CALL, params)
        rows = cursor.fetchall()
    return [
        SimilarClaim(
            pk=pk,
            text=claim_text,
            exact=exact,
            status=status,
            verdict=verdict,
            article_id=article_id,
            article_title=title,
            article_publisher=publisher,
            score=round(score, 3),
            figures=Agreement(figures),
            names=Agreement(names),
            negation_differs=negation_differs,
            linked=linked,
        )
        for (
            pk,
            claim_text,
            exact,
            status,
            verdict,
            article_id,
            title,
            publisher,
            score,
            figures,
            names,
            negation_differs,
            linked,
        ) in rows
    ]


def similar_to_claim(*, claim: Claim, limit: int = SEEN_BEFORE_LIMIT) -> list[SimilarClaim]:
    """The claims of other articles most like `claim`, best first. One query."""
    return similar_claims(
        text=claim.text,
        quote=claim.exact,
        exclude_article_id=claim.article_id,
        claim_id=claim.pk,
        limit=limit,
    )


def chosen_claims(*, ids: set[int]) -> list[Claim]:
    """The claims `ids` names, with their articles, by id: those an editor ticked as the same
    claim in the claim dialog, kept in its list when the text being marked no longer finds
    them. One query."""
    return list(
        Claim.objects.filter(pk__in=ids)
        .select_related("article")
        .only("id", "text", "status", "verdict", "article__id", "article__title")
        .order_by("id")
    )


# Links --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedClaim:
    """A claim linked to the claim asked about as the same claim, with the link's facts."""

    link_id: int
    claim: Claim
    """The other claim, with its article (and its evidence when asked for)."""
    created_by: AbstractBaseUser
    created_at: datetime


def claim_links(*, claim: Claim, with_evidence: bool = False) -> list[LinkedClaim]:
    """The claims linked to `claim` as the same claim, whichever side linked, oldest link first.
    One query; `with_evidence` adds one for the citations (with their sources and cited
    articles) of the linked claims that are verified."""
    links = list(
        ClaimLink.objects.filter(Q(claim=claim) | Q(same_as=claim))
        .select_related(
            "claim__article",
            "claim__verified_by",
            "same_as__article",
            "same_as__verified_by",
            "created_by",
        )
        .order_by("created_at", "id")
    )
    linked = [
        LinkedClaim(
            link_id=link.pk,
            claim=link.same_as if link.claim_id == claim.pk else link.claim,
            created_by=link.created_by,
            created_at=link.created_at,
        )
        for link in links
    ]
    if with_evidence:
        verified = [item.claim for item in linked if item.claim.status == ClaimStatus.VERIFIED]
        prefetch_related_objects(
            verified,
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related(
                    "source", "cited_revision__article", "created_by"
                ).order_by("created_at", "id"),
            ),
        )
    return linked


@dataclass(frozen=True)
class SeenBefore:
    """The "Seen before" section of a claim's pages, everything it shows: the claims linked as
    the same claim (the verified ones with their evidence), the most similar claims of other
    articles, and what the user may do there."""

    links: list[LinkedClaim]
    similar: list[SimilarClaim]
    can_link: bool
    can_reuse: bool


def seen_before_section(*, user: AbstractBaseUser, claim: Claim) -> SeenBefore:
    """The section for `claim` as `user` sees it: three queries (two when no linked claim is
    verified), however many claims are linked or similar."""
    return SeenBefore(
        links=claim_links(claim=claim, with_evidence=True),
        similar=similar_to_claim(claim=claim),
        can_link=can_link_claim(user=user, claim=claim),
        can_reuse=can_reuse_evidence(user=user, claim=claim),
    )
