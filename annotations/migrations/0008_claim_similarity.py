import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Greatest, Least

# "Seen before" (issue 20): what the database extracts from every claim so that similar claims
# can be found in PostgreSQL alone. One function computes the features of a text and quote;
# the trigger stores them on every claim, and the similarity query applies the same function to
# what an editor is marking, so both sides are normalised alike. README "Seen before" explains
# the ranking.
FUNCTIONS = r"""
-- Lower case, typographic quotes and dashes made plain, and figures written one way:
-- "two".."twelve" -> 2..12, "182,400" -> 182400, "4.1 per cent" / "4.1pc" / "4.1 %" -> 4.1%,
-- "£4.2m" / "4.2 million" -> 4200000, "1.2bn" -> 1200000000, "48k" / "48 thousand" -> 48000.
CREATE FUNCTION annotations_match_normalise(raw text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    s text := lower(translate(raw, '‘’“”–—', '''''""--'));
    words constant text[] := ARRAY[
        'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'
    ];
    scaled constant text := '(\d+(?:\.\d+)?)\s*(thousand|k|million|mn|m|billion|bn)\M';
    found text[];
    i int;
BEGIN
    -- Each rewrite runs only when its cheap test matches: most claims need few of them.
    IF s ~ '\m(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\M' THEN
        FOR i IN 1 .. array_length(words, 1) LOOP
            s := regexp_replace(s, '\m' || words[i] || '\M', (i + 1)::text, 'g');
        END LOOP;
    END IF;
    IF s ~ '\d' THEN
        WHILE s ~ '\d,\d\d\d' LOOP
            s := regexp_replace(s, '(\d),(\d\d\d)(?!\d)', '\1\2', 'g');
        END LOOP;
        s := regexp_replace(s, '(\d)\s*(%|per\s?cent\M|percent\M|pct\M|pc\M)', '\1%', 'g');
        LOOP
            found := regexp_match(s, scaled);
            EXIT WHEN found IS NULL;
            s := regexp_replace(s, scaled, trim_scale(found[1]::numeric * CASE found[2]
                WHEN 'thousand' THEN 1e3 WHEN 'k' THEN 1e3
                WHEN 'billion' THEN 1e9 WHEN 'bn' THEN 1e9
                ELSE 1e6 END)::text);
        END LOOP;
    END IF;
    RETURN btrim(regexp_replace(s, '\s+', ' ', 'g'));
END
$fn$;

-- The figures of a normalised text, each once: "4.1%", "182400", "2024".
-- Trailing decimal zeros go ("4.10" is "4.1"), so equal values compare equal.
CREATE FUNCTION annotations_match_numbers(normalised text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    SELECT coalesce(array_agg(DISTINCT found[1] || coalesce(found[2], '')), '{}')
    FROM regexp_matches(
        normalised, '(\d+(?:\.\d*[1-9])?)(?:\.0+)?\d*(%)?', 'g'
    ) AS found
$fn$;

-- Names: capitalised words that do not start a sentence or a quotation ("Scotland", "March",
-- "Achebe"), as English stems (so they compare with the stemmed words of another claim);
-- stop words ("The" after a colon) are dropped, and so are weekdays: "said on Monday" dates the
-- report, not what it claims.
CREATE FUNCTION annotations_match_entities(raw text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    SELECT coalesce(array_agg(DISTINCT token.stem), '{}')
    FROM regexp_matches(raw, '(\S?)\s+([[:upper:]][[:alnum:]''’-]*[[:alnum:]])', 'g') AS found,
    LATERAL (
        SELECT (ts_lexize(
            'english_stem', lower(regexp_replace(found[2], '[''’]s$', ''))
        ))[1] AS stem
    ) AS token
    WHERE found[1] !~ '[.!?:;"“‘(]' AND token.stem IS NOT NULL
      AND token.stem NOT IN ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
                             'sunday')
$fn$;

-- Whether the text says something did not happen.
CREATE FUNCTION annotations_match_negated(raw text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
    SELECT raw ~* '\m(not|no|never|neither|nor|none|nobody|nothing|without|cannot)\M|n[''’]t\M'
$fn$;

-- Everything "Seen before" compares, for a claim's restated text and its quote.
CREATE FUNCTION annotations_match_features(
    claim_text text, quote text,
    OUT match_text text, OUT match_quote text, OUT match_numbers text[],
    OUT match_entities text[], OUT match_negated boolean, OUT match_vector tsvector
)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    -- Without a restatement the claim's text is its quote with whitespace collapsed.
    same constant boolean := regexp_replace(coalesce(quote, ''), '\s+', ' ', 'g')
                             = coalesce(claim_text, '');
    both_texts constant text := CASE WHEN same THEN coalesce(claim_text, '')
                                     ELSE coalesce(claim_text, '') || E'\n' || coalesce(quote, '')
                                END;
BEGIN
    match_text := annotations_match_normalise(coalesce(claim_text, ''));
    match_quote := CASE WHEN same THEN match_text
                        ELSE annotations_match_normalise(coalesce(quote, '')) END;
    match_numbers := annotations_match_numbers(
        CASE WHEN same THEN match_text ELSE match_text || ' ' || match_quote END
    );
    match_entities := annotations_match_entities(both_texts);
    match_negated := annotations_match_negated(both_texts);
    match_vector := to_tsvector(
        'english'::regconfig,
        CASE WHEN same THEN match_text ELSE match_text || ' ' || match_quote END
    );
END
$fn$;

-- The stored features follow the claim's text and quote; nothing else writes them.
CREATE FUNCTION annotations_claim_match_features() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.text IS NOT DISTINCT FROM OLD.text
       AND NEW.exact IS NOT DISTINCT FROM OLD.exact THEN
        NEW.match_text := OLD.match_text;
        NEW.match_quote := OLD.match_quote;
        NEW.match_numbers := OLD.match_numbers;
        NEW.match_entities := OLD.match_entities;
        NEW.match_negated := OLD.match_negated;
        NEW.match_vector := OLD.match_vector;
        RETURN NEW;
    END IF;
    SELECT features.match_text, features.match_quote, features.match_numbers,
           features.match_entities, features.match_negated, features.match_vector
    INTO NEW.match_text, NEW.match_quote, NEW.match_numbers,
         NEW.match_entities, NEW.match_negated, NEW.match_vector
    FROM annotations_match_features(NEW.text, NEW.exact) AS features;
    RETURN NEW;
END
$fn$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS annotations_claim_match_features();
DROP FUNCTION IF EXISTS annotations_match_features(text, text);
DROP FUNCTION IF EXISTS annotations_match_negated(text);
DROP FUNCTION IF EXISTS annotations_match_entities(text);
DROP FUNCTION IF EXISTS annotations_match_numbers(text);
DROP FUNCTION IF EXISTS annotations_match_normalise(text);
"""

# Existing claims get their features before the trigger exists (it keeps a row's features as
# they are while its text and quote do not change).
BACKFILL_AND_TRIGGER = """
UPDATE annotations_claim AS claim
SET (match_text, match_quote, match_numbers, match_entities, match_negated, match_vector) = (
    SELECT features.match_text, features.match_quote, features.match_numbers,
           features.match_entities, features.match_negated, features.match_vector
    FROM annotations_match_features(claim.text, claim.exact) AS features
);
CREATE TRIGGER annotations_claim_match_features
    BEFORE INSERT OR UPDATE ON annotations_claim
    FOR EACH ROW EXECUTE FUNCTION annotations_claim_match_features();
"""
DROP_TRIGGER = "DROP TRIGGER IF EXISTS annotations_claim_match_features ON annotations_claim;"

# A link joins claims of two different articles; a CHECK cannot look at another row, so a
# trigger refuses a link within one article.
LINK_GUARD = """
CREATE FUNCTION annotations_claim_link_guard() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- A link of a claim to itself is the CHECK constraint's to refuse.
    IF NEW.claim_id <> NEW.same_as_id
       AND (SELECT article_id FROM annotations_claim WHERE id = NEW.claim_id)
           = (SELECT article_id FROM annotations_claim WHERE id = NEW.same_as_id) THEN
        RAISE EXCEPTION 'claims % and % are in the same article: only claims of different '
                        'articles can be linked as the same claim', NEW.claim_id, NEW.same_as_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER annotations_claim_link_guard
    BEFORE INSERT OR UPDATE ON annotations_claimlink
    FOR EACH ROW EXECUTE FUNCTION annotations_claim_link_guard();
"""
DROP_LINK_GUARD = """
DROP TRIGGER IF EXISTS annotations_claim_link_guard ON annotations_claimlink;
DROP FUNCTION IF EXISTS annotations_claim_link_guard();
"""

# The export shows each verified claim's `same_as`: the verified claims linked to it. When that
# list changes (a link made or undone, a linked claim verified or withdrawn) the claim counts as
# changed, so that incremental consumers fetch it again.
SAME_AS_CHANGES = """
CREATE FUNCTION annotations_claim_link_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    changed annotations_claimlink;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE annotations_claim SET updated_at = now()
    WHERE id IN (changed.claim_id, changed.same_as_id) AND status = 'verified';
    RETURN NULL;
END
$fn$;
CREATE TRIGGER annotations_claim_link_changed
    AFTER INSERT OR DELETE ON annotations_claimlink
    FOR EACH ROW EXECUTE FUNCTION annotations_claim_link_changed();

CREATE FUNCTION annotations_claim_linked_verification_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    UPDATE annotations_claim SET updated_at = now()
    WHERE status = 'verified' AND id IN (
        SELECT same_as_id FROM annotations_claimlink WHERE claim_id = NEW.id
        UNION SELECT claim_id FROM annotations_claimlink WHERE same_as_id = NEW.id
    );
    RETURN NULL;
END
$fn$;
CREATE TRIGGER annotations_claim_linked_verification_changed
    AFTER UPDATE OF status ON annotations_claim
    FOR EACH ROW WHEN ((OLD.status = 'verified') IS DISTINCT FROM (NEW.status = 'verified'))
    EXECUTE FUNCTION annotations_claim_linked_verification_changed();
"""
DROP_SAME_AS_CHANGES = """
DROP TRIGGER IF EXISTS annotations_claim_linked_verification_changed ON annotations_claim;
DROP FUNCTION IF EXISTS annotations_claim_linked_verification_changed();
DROP TRIGGER IF EXISTS annotations_claim_link_changed ON annotations_claimlink;
DROP FUNCTION IF EXISTS annotations_claim_link_changed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0007_claim_corrections_guards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunSQL(FUNCTIONS, DROP_FUNCTIONS),
        migrations.AddField(
            model_name="claim",
            name="match_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_quote",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_numbers",
            field=ArrayField(models.TextField(), default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_entities",
            field=ArrayField(models.TextField(), default=list, editable=False, size=None),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_negated",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="claim",
            name="match_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(BACKFILL_AND_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["match_vector"], name="claim_match_vector_idx"
            ),
        ),
        migrations.CreateModel(
            name="ClaimLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_made",
                        to="annotations.claim",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="claim_links",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "same_as",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="links_received",
                        to="annotations.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("claim", models.F("same_as")), _negated=True),
                        name="claim_link_not_itself",
                    ),
                    models.UniqueConstraint(
                        Least("claim", "same_as"),
                        Greatest("claim", "same_as"),
                        name="claim_link_once",
                    ),
                ],
            },
        ),
        migrations.RunSQL(LINK_GUARD, DROP_LINK_GUARD),
        migrations.RunSQL(SAME_AS_CHANGES, DROP_SAME_AS_CHANGES),
    ]
