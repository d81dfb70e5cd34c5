"""Seen before: the claims of other articles most like a claim, best first, found by
PostgreSQL alone in one query.

Every claim carries features the database derives from its text and quote (migration 0008,
`annotations_match_features`): both normalised (lower case, figures written one way, so "4.1 per
cent" is "4.1%"), the figures, the names, whether it is negated, and its stemmed words. The
query applies the same function to the text being marked, then

1. gathers candidates through the indexes: the nearest claims by trigram distance of the
   normalised text and of the quote (GiST, k-nearest-neighbour), and the claims sharing the most
   stemmed words (GIN full-text);
2. scores each candidate: how alike the words are (trigram similarity and shared stems), plus
   or minus how the figures, the names and the negation agree;
3. keeps the best `limit` above `MIN_SCORE`.

A near miss ("4.1%" against "5.3%", March against June, Leeds against Bristol, "fell" against
"did not fall") reads almost the same, so the word scores alone would rank it with the true
match; the figure, name and negation terms are what push it below. The README ("Seen before")
explains the weights and reports precision and recall on the test set in
`tests/annotations/data/seen_before_pairs.json`.
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


# The query. Parameters: text, quote (what is compared), article (whose claims are left out),
# claim (the claim asked about, to mark its links; 0 for none), and the constants above.
_SIMILAR_SQL: Final = """
WITH query AS (
    SELECT features.*, tsvector_to_array(features.match_vector) AS words
    FROM annotations_match_features(%(text)s, %(quote)s) AS features
), common_words AS (
    -- ANALYZE keeps the column's most common words with the share of claims holding each.
    SELECT elements.word, elements.frequency
    FROM pg_stats AS stats,
         unnest(stats.most_common_elems::text::text[], stats.most_common_elem_freqs)
             AS elements(word, frequency)
    WHERE stats.schemaname = current_schema() AND stats.tablename = 'annotations_claim'
      AND stats.attname = 'match_vector' AND elements.word IS NOT NULL
), claims AS (
    SELECT greatest(reltuples, 0) AS estimate FROM pg_class
    WHERE oid = 'annotations_claim'::regclass
), words AS (
    SELECT word, coalesce(common_words.frequency, 0) AS frequency,
           coalesce(common_words.frequency, 0) * claims.estimate AS holders
    FROM query CROSS JOIN claims, unnest(query.words) AS word
    LEFT JOIN common_words USING (word)
), searches AS (
    SELECT
        (SELECT string_agg(quote_literal(word), ' | ') FROM words
         WHERE holders < %(rare_word_claims)s)::tsquery AS rare,
        (SELECT string_agg(quote_literal(word), ' & ') FROM (
             SELECT word FROM words ORDER BY frequency, word LIMIT %(distinctive_words)s
         ) AS distinctive)::tsquery AS distinctive,
        (SELECT string_agg(quote_literal(word), ' | ') FROM words)::tsquery AS any_word
), candidates AS (
    -- Claims sharing a rare word, and claims holding all the most distinctive words, each
    -- search read at most SCAN_LIMIT rows deep and ranked by the words they share.
    (SELECT found.id FROM searches, (
         SELECT claim.id, claim.match_vector FROM annotations_claim AS claim
         WHERE claim.match_vector @@ (SELECT rare FROM searches)
           AND claim.article_id <> %(article)s
         LIMIT %(scan_limit)s
     ) AS found
     ORDER BY ts_rank(found.match_vector, searches.any_word) DESC LIMIT %(per_search)s)
    UNION
    (SELECT found.id FROM searches, (
         SELECT claim.id, claim.match_vector FROM annotations_claim AS claim
         WHERE claim.match_vector @@ (SELECT distinctive FROM searches)
           AND claim.article_id <> %(article)s
         LIMIT %(scan_limit)s
     ) AS found
     ORDER BY ts_rank(found.match_vector, searches.any_word) DESC LIMIT %(per_search)s)
), compared AS MATERIALIZED (
    -- Materialised: `scored` filters on the score and the answer sorts by it, and inlined
    -- each would compute the similarities again.
    SELECT claim.id,
           -- The best of text/quote against text/quote. A claim that reads as its quote (no
           -- restatement) makes the four pairs fewer: each similarity() builds the trigrams of
           -- both texts again, most of the cost of scoring a candidate.
           CASE
               WHEN claim.match_text = claim.match_quote AND query.match_text = query.match_quote
                   THEN similarity(claim.match_text, query.match_text)
               WHEN claim.match_text = claim.match_quote THEN greatest(
                   similarity(claim.match_text, query.match_text),
                   similarity(claim.match_text, query.match_quote))
               WHEN query.match_text = query.match_quote THEN greatest(
                   similarity(claim.match_text, query.match_text),
                   similarity(claim.match_quote, query.match_text))
               ELSE greatest(
                   similarity(claim.match_text, query.match_text),
                   similarity(claim.match_quote, query.match_quote),
                   similarity(claim.match_text, query.match_quote),
                   similarity(claim.match_quote, query.match_text))
           END AS trigram,
           (SELECT count(*) FROM unnest(claim_words.words) AS word WHERE word = ANY(query.words))
               ::float
               / greatest(cardinality(ARRAY(
                   SELECT unnest(claim_words.words) UNION SELECT unnest(query.words)
               )), 1) AS stems,
           CASE
               WHEN cardinality(claim.match_numbers) + cardinality(query.match_numbers) = 0
                   THEN 'none'
               WHEN cardinality(claim.match_numbers) = 0
                    OR cardinality(query.match_numbers) = 0 THEN 'one_sided'
               WHEN claim.match_numbers <@ query.match_numbers
                    AND query.match_numbers <@ claim.match_numbers THEN 'same'
               WHEN claim.match_numbers <@ query.match_numbers
                    OR query.match_numbers <@ claim.match_numbers THEN 'partly'
               ELSE 'different'
           END AS figures,
           CASE
               WHEN cardinality(claim.match_entities) + cardinality(query.match_entities) = 0
                   THEN 'none'
               WHEN claim.match_entities <@ query.words
                    AND query.match_entities <@ claim_words.words THEN 'same'
               WHEN claim.match_entities <@ query.words
                    OR query.match_entities <@ claim_words.words THEN 'partly'
               ELSE 'different'
           END AS names,
           claim.match_negated <> query.match_negated AS negation_differs
    FROM candidates
    JOIN annotations_claim AS claim USING (id)
    CROSS JOIN query
    CROSS JOIN LATERAL (SELECT tsvector_to_array(claim.match_vector) AS words) AS claim_words
), scored AS (
    SELECT compared.*,
           %(trigram_weight)s * trigram + %(stems_weight)s * stems
           + CASE figures
                 WHEN 'same' THEN %(figures_agree)s
                 WHEN 'partly' THEN %(figures_partly)s
                 WHEN 'different' THEN -%(figures_differ)s
                 WHEN 'one_sided' THEN -%(figures_one_sided)s
                 ELSE 0
             END
           - CASE names
                 WHEN 'different' THEN %(names_differ)s
                 WHEN 'partly' THEN %(names_partly)s
                 ELSE 0
             END
           - CASE WHEN negation_differs THEN %(negation_differs)s ELSE 0 END AS score
    FROM compared
)
SELECT claim.id, claim.text, claim.exact, claim.status, claim.verdict, claim.article_id,
       article.title, article.publisher, scored.score, scored.figures, scored.names,
       scored.negation_differs,
       EXISTS (
           SELECT 1 FROM annotations_claimlink AS link
           WHERE (link.claim_id = %(claim)s AND link.same_as_id = claim.id)
              OR (link.claim_id = claim.id AND link.same_as_id = %(claim)s)
       ) AS linked
FROM scored
JOIN annotations_claim AS claim USING (id)
JOIN annotations_article AS article ON article.id = claim.article_id
WHERE scored.score >= %(min_score)s
ORDER BY scored.score DESC, claim.id
LIMIT %(limit)s
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
        cursor.execute(_SIMILAR_SQL, params)
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
