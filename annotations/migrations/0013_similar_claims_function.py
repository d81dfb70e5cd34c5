from django.db import migrations

# "Seen before" (issue 20): the candidate query of annotations/selectors/similarity.py as a
# function, so that PostgreSQL plans it once per connection instead of on every call. PL/pgSQL
# keeps the plan of each statement for the life of the server connection, and with PgBouncer in
# transaction mode (docs/deploying.md) the server connections outlive the clients', so the plan
# is kept there too; a prepared statement would not survive that pooling (and Django's psycopg
# cursors bind parameters on the client, which cannot prepare). The weights and limits stay
# arguments: selectors/similarity.py holds their values, the README explains them.
# Arguments and result columns are documented in `similar_claims`.
SIMILAR_CLAIMS = r"""
CREATE OR REPLACE FUNCTION annotations_similar_claims(
    asked_text text,
    asked_quote text,
    other_than_article bigint,
    links_of_claim bigint,
    how_many integer,
    rare_word_claims integer,
    distinctive_words integer,
    scan_limit integer,
    per_search integer,
    min_score double precision,
    trigram_weight double precision,
    stems_weight double precision,
    figures_agree double precision,
    figures_partly double precision,
    figures_differ double precision,
    figures_one_sided double precision,
    names_differ double precision,
    names_partly double precision,
    negation_differs_weight double precision
) RETURNS TABLE (
    id bigint, text text, exact text, status varchar, verdict varchar, article_id bigint,
    title varchar, publisher varchar, score double precision, figures text, names text,
    negation_differs boolean, linked boolean
)
LANGUAGE plpgsql STABLE
-- One plan per connection, whatever the arguments: the searches' words come from the query's
-- own CTEs, so the arguments do not change which plan is best.
SET plan_cache_mode = force_generic_plan
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH query AS (
        SELECT features.*, tsvector_to_array(features.match_vector) AS words
        FROM annotations_match_features(asked_text, asked_quote) AS features
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
             WHERE holders < rare_word_claims)::tsquery AS rare,
            (SELECT string_agg(quote_literal(word), ' & ') FROM (
                 SELECT word FROM words ORDER BY frequency, word LIMIT distinctive_words
             ) AS distinctive)::tsquery AS distinctive,
            (SELECT string_agg(quote_literal(word), ' | ') FROM words)::tsquery AS any_word
    ), candidates AS (
        -- Claims sharing a rare word, and claims holding all the most distinctive words, each
        -- search read at most SCAN_LIMIT rows deep and ranked by the words they share.
        (SELECT found.id FROM searches, (
             SELECT claim.id, claim.match_vector FROM annotations_claim AS claim
             WHERE claim.match_vector @@ (SELECT rare FROM searches)
               AND claim.article_id <> other_than_article
             LIMIT scan_limit
         ) AS found
         ORDER BY ts_rank(found.match_vector, searches.any_word) DESC LIMIT per_search)
        UNION
        (SELECT found.id FROM searches, (
             SELECT claim.id, claim.match_vector FROM annotations_claim AS claim
             WHERE claim.match_vector @@ (SELECT distinctive FROM searches)
               AND claim.article_id <> other_than_article
             LIMIT scan_limit
         ) AS found
         ORDER BY ts_rank(found.match_vector, searches.any_word) DESC LIMIT per_search)
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
               trigram_weight * trigram + stems_weight * stems
               + CASE figures
                     WHEN 'same' THEN figures_agree
                     WHEN 'partly' THEN figures_partly
                     WHEN 'different' THEN -figures_differ
                     WHEN 'one_sided' THEN -figures_one_sided
                     ELSE 0
                 END
               - CASE names
                     WHEN 'different' THEN names_differ
                     WHEN 'partly' THEN names_partly
                     ELSE 0
                 END
               - CASE WHEN negation_differs THEN negation_differs_weight ELSE 0 END AS score
        FROM compared
    )
    SELECT claim.id, claim.text, claim.exact, claim.status, claim.verdict, claim.article_id,
           article.title, article.publisher, scored.score, scored.figures, scored.names,
           scored.negation_differs,
           EXISTS (
               SELECT 1 FROM annotations_claimlink AS link
               WHERE (link.claim_id = links_of_claim AND link.same_as_id = claim.id)
                  OR (link.claim_id = claim.id AND link.same_as_id = links_of_claim)
           ) AS linked
    FROM scored
    JOIN annotations_claim AS claim USING (id)
    JOIN annotations_article AS article ON article.id = claim.article_id
    WHERE scored.score >= min_score
    ORDER BY scored.score DESC, claim.id
    LIMIT how_many;
END
$fn$;
"""

DROP_SIMILAR_CLAIMS = """
DROP FUNCTION annotations_similar_claims(
    text, text, bigint, bigint, integer, integer, integer, integer, integer, double precision,
    double precision, double precision, double precision, double precision, double precision,
    double precision, double precision, double precision, double precision
);
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0012_claim_in_review_since_index")]

    operations = [migrations.RunSQL(SIMILAR_CLAIMS, DROP_SIMILAR_CLAIMS)]
