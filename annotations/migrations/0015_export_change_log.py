import django.contrib.postgres.fields
from django.db import migrations, models

# The export's change log, written by triggers so that no code path can forget it: every change
# to what a verified claim's exported record shows adds a row naming the claim, stamped with the
# id of the transaction that made it (`pg_current_xact_id()`, the top-level id even inside a
# savepoint). The feed reads rows below the oldest running transaction's id, which no row
# written later can fall under (see annotations/selectors/export/feed.py).
#
# Each row also keeps the claim's filter keys from just before the change (article, verdict,
# reviewer, tags), when it was verified, so that a withdrawal reaches the consumers it concerns.
CREATE = """
-- Claims as they are now, for the rows of the given claims that are verified: one statement,
-- joined with their tags, so that a bulk write (a whole data set loaded by SQL) stays linear.
CREATE FUNCTION annotations_export_log_claims(claim_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO annotations_exportchange
        (txid, claim_id, changed_at, was_exported, article_id, verdict, reviewer_id, tag_ids)
    WITH ids AS (SELECT DISTINCT unnest(claim_ids) AS id)
    SELECT pg_current_xact_id()::text::bigint, c.id, clock_timestamp(), true,
           c.article_id, c.verdict, c.verified_by_id, coalesce(t.tag_ids, '{}')
    FROM ids JOIN annotations_claim c ON c.id = ids.id
    LEFT JOIN (SELECT ct.claim_id, array_agg(ct.tag_id) AS tag_ids
               FROM ids JOIN annotations_claim_tags ct ON ct.claim_id = ids.id
               GROUP BY ct.claim_id) t ON t.claim_id = c.id
    WHERE c.status = 'verified'
$$;

-- The claim itself: per statement, from its transition tables.
CREATE FUNCTION annotations_claim_inserted_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annotations_exportchange
        (txid, claim_id, changed_at, was_exported, verdict, tag_ids)
    SELECT pg_current_xact_id()::text::bigint, n.id, clock_timestamp(), false, '', '{}'
    FROM new_rows n WHERE n.status = 'verified';
    RETURN NULL;
END;
$$;
CREATE FUNCTION annotations_claim_changed_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A claim that was verified keeps its filter keys from before; one that becomes verified
    -- had none a consumer could hold.
    INSERT INTO annotations_exportchange
        (txid, claim_id, changed_at, was_exported, article_id, verdict, reviewer_id, tag_ids)
    SELECT pg_current_xact_id()::text::bigint, o.id, clock_timestamp(),
           o.status = 'verified',
           CASE WHEN o.status = 'verified' THEN o.article_id END,
           CASE WHEN o.status = 'verified' THEN o.verdict ELSE '' END,
           CASE WHEN o.status = 'verified' THEN o.verified_by_id END,
           CASE WHEN o.status = 'verified' THEN coalesce(t.tag_ids, '{}') ELSE '{}' END
    FROM old_rows o
    LEFT JOIN new_rows n ON n.id = o.id
    LEFT JOIN (SELECT claim_id, array_agg(tag_id) AS tag_ids FROM annotations_claim_tags
               WHERE claim_id IN (SELECT id FROM old_rows) GROUP BY claim_id) t
           ON t.claim_id = o.id
    WHERE (o.status = 'verified' OR n.status = 'verified')
      AND (n.id IS NULL OR o IS DISTINCT FROM n);
    RETURN NULL;
END;
$$;
CREATE FUNCTION annotations_claim_deleted_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annotations_exportchange
        (txid, claim_id, changed_at, was_exported, article_id, verdict, reviewer_id, tag_ids)
    SELECT pg_current_xact_id()::text::bigint, o.id, clock_timestamp(), true,
           o.article_id, o.verdict, o.verified_by_id, coalesce(t.tag_ids, '{}')
    FROM old_rows o
    LEFT JOIN (SELECT claim_id, array_agg(tag_id) AS tag_ids FROM annotations_claim_tags
               WHERE claim_id IN (SELECT id FROM old_rows) GROUP BY claim_id) t
           ON t.claim_id = o.id
    WHERE o.status = 'verified';
    RETURN NULL;
END;
$$;
CREATE TRIGGER annotations_claim_export_insert AFTER INSERT ON annotations_claim
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_inserted_export_log();
CREATE TRIGGER annotations_claim_export_update AFTER UPDATE ON annotations_claim
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_changed_export_log();
CREATE TRIGGER annotations_claim_export_delete AFTER DELETE ON annotations_claim
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_deleted_export_log();

-- Its citations and tags: the claims they belong to, once per statement.
CREATE FUNCTION annotations_claim_part_added_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM annotations_export_log_claims(ARRAY(SELECT DISTINCT claim_id FROM new_rows));
    RETURN NULL;
END;
$$;
CREATE FUNCTION annotations_claim_part_removed_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM annotations_export_log_claims(ARRAY(SELECT DISTINCT claim_id FROM old_rows));
    RETURN NULL;
END;
$$;
CREATE FUNCTION annotations_claim_part_changed_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM annotations_export_log_claims(ARRAY(
        SELECT claim_id FROM new_rows UNION SELECT claim_id FROM old_rows));
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_citation_export_insert AFTER INSERT ON sources_citation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_part_added_export_log();
CREATE TRIGGER sources_citation_export_update AFTER UPDATE ON sources_citation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_part_changed_export_log();
CREATE TRIGGER sources_citation_export_delete AFTER DELETE ON sources_citation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_part_removed_export_log();
CREATE TRIGGER annotations_claim_tags_export_insert AFTER INSERT ON annotations_claim_tags
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_part_added_export_log();

-- A tag taken off keeps its id in the row, so that the consumers following it learn of it.
CREATE FUNCTION annotations_claim_tags_removed_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO annotations_exportchange
        (txid, claim_id, changed_at, was_exported, article_id, verdict, reviewer_id, tag_ids)
    SELECT pg_current_xact_id()::text::bigint, c.id, clock_timestamp(), true,
           c.article_id, c.verdict, c.verified_by_id, coalesce(t.tag_ids, '{}') || removed.tag_ids
    FROM (SELECT claim_id, array_agg(tag_id) AS tag_ids FROM old_rows GROUP BY claim_id) removed
    JOIN annotations_claim c ON c.id = removed.claim_id AND c.status = 'verified'
    LEFT JOIN (SELECT claim_id, array_agg(tag_id) AS tag_ids FROM annotations_claim_tags
               WHERE claim_id IN (SELECT claim_id FROM old_rows) GROUP BY claim_id) t
           ON t.claim_id = c.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER annotations_claim_tags_export_delete AFTER DELETE ON annotations_claim_tags
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_claim_tags_removed_export_log();

-- What claims embed: one INSERT ... SELECT per changed row, through the foreign keys' indexes,
-- and only when a field the export shows changed.
CREATE FUNCTION annotations_embedded_export_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'sources_source' THEN
        PERFORM annotations_export_log_claims(ARRAY(
            SELECT DISTINCT claim_id FROM sources_citation WHERE source_id = NEW.id));
    ELSIF TG_TABLE_NAME = 'annotations_tag' THEN
        PERFORM annotations_export_log_claims(ARRAY(
            SELECT claim_id FROM annotations_claim_tags WHERE tag_id = NEW.id));
    ELSIF TG_TABLE_NAME = 'auth_user' THEN
        PERFORM annotations_export_log_claims(ARRAY(
            SELECT id FROM annotations_claim WHERE verified_by_id = NEW.id
            UNION SELECT id FROM annotations_claim
                  WHERE created_by_id = NEW.id AND status = 'verified'));
    ELSIF TG_TABLE_NAME = 'annotations_article' THEN
        PERFORM annotations_export_log_claims(ARRAY(
            SELECT id FROM annotations_claim WHERE article_id = NEW.id
            UNION SELECT c.claim_id FROM sources_citation c
                  JOIN annotations_articlerevision r ON r.id = c.cited_revision_id
                  WHERE r.article_id = NEW.id));
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sources_source_export AFTER UPDATE ON sources_source
    FOR EACH ROW WHEN ((OLD.name, OLD.domain, OLD.kind, OLD.reliability)
                       IS DISTINCT FROM (NEW.name, NEW.domain, NEW.kind, NEW.reliability))
    EXECUTE FUNCTION annotations_embedded_export_log();
CREATE TRIGGER annotations_tag_export AFTER UPDATE ON annotations_tag
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION annotations_embedded_export_log();
CREATE TRIGGER auth_user_export AFTER UPDATE ON auth_user
    FOR EACH ROW WHEN ((OLD.username, OLD.first_name, OLD.last_name)
                       IS DISTINCT FROM (NEW.username, NEW.first_name, NEW.last_name))
    EXECUTE FUNCTION annotations_embedded_export_log();
CREATE TRIGGER annotations_article_export AFTER UPDATE ON annotations_article
    FOR EACH ROW WHEN ((OLD.title, OLD.url, OLD.publisher, OLD.author, OLD.published_on,
                        OLD.current_revision_id)
                       IS DISTINCT FROM (NEW.title, NEW.url, NEW.publisher, NEW.author,
                                         NEW.published_on, NEW.current_revision_id))
    EXECUTE FUNCTION annotations_embedded_export_log();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_article_export ON annotations_article;
DROP TRIGGER IF EXISTS auth_user_export ON auth_user;
DROP TRIGGER IF EXISTS annotations_tag_export ON annotations_tag;
DROP TRIGGER IF EXISTS sources_source_export ON sources_source;
DROP FUNCTION IF EXISTS annotations_embedded_export_log();
DROP TRIGGER IF EXISTS annotations_claim_tags_export_delete ON annotations_claim_tags;
DROP FUNCTION IF EXISTS annotations_claim_tags_removed_export_log();
DROP TRIGGER IF EXISTS annotations_claim_tags_export_insert ON annotations_claim_tags;
DROP TRIGGER IF EXISTS sources_citation_export_delete ON sources_citation;
DROP TRIGGER IF EXISTS sources_citation_export_update ON sources_citation;
DROP TRIGGER IF EXISTS sources_citation_export_insert ON sources_citation;
DROP FUNCTION IF EXISTS annotations_claim_part_changed_export_log();
DROP FUNCTION IF EXISTS annotations_claim_part_removed_export_log();
DROP FUNCTION IF EXISTS annotations_claim_part_added_export_log();
DROP TRIGGER IF EXISTS annotations_claim_export_delete ON annotations_claim;
DROP TRIGGER IF EXISTS annotations_claim_export_update ON annotations_claim;
DROP TRIGGER IF EXISTS annotations_claim_export_insert ON annotations_claim;
DROP FUNCTION IF EXISTS annotations_claim_deleted_export_log();
DROP FUNCTION IF EXISTS annotations_claim_changed_export_log();
DROP FUNCTION IF EXISTS annotations_claim_inserted_export_log();
DROP FUNCTION IF EXISTS annotations_export_log_claims(bigint[]);
"""

# What the export held before the log existed: each verified claim as of its last change, and
# each withdrawal the tombstones recorded (whose filter keys were never kept).
SEED = """
INSERT INTO annotations_exportchange
    (txid, claim_id, changed_at, was_exported, article_id, verdict, reviewer_id, tag_ids)
SELECT pg_current_xact_id()::text::bigint, c.id, c.updated_at, true, c.article_id, c.verdict,
       c.verified_by_id,
       ARRAY(SELECT t.tag_id FROM annotations_claim_tags t WHERE t.claim_id = c.id)
FROM annotations_claim c WHERE c.status = 'verified';
INSERT INTO annotations_exportchange (txid, claim_id, changed_at, was_exported, verdict, tag_ids)
SELECT pg_current_xact_id()::text::bigint, claim_id, withdrawn_at, true, '', '{}'
FROM annotations_claimtombstone ORDER BY withdrawn_at, id;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0014_claim_article_status_index"),
        ("sources", "0006_citation_claim_index_holds_source"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="ExportChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("txid", models.BigIntegerField()),
                ("claim_id", models.BigIntegerField()),
                ("changed_at", models.DateTimeField()),
                ("was_exported", models.BooleanField()),
                ("article_id", models.BigIntegerField(null=True)),
                ("verdict", models.CharField(blank=True, max_length=20)),
                ("reviewer_id", models.BigIntegerField(null=True)),
                (
                    "tag_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), default=list, size=None
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["txid", "id"], name="export_change_feed_idx"),
                    models.Index(fields=["changed_at"], name="export_change_time_idx"),
                    models.Index(fields=["claim_id"], name="export_change_claim_idx"),
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
        migrations.RunSQL(SEED, migrations.RunSQL.noop),
        migrations.DeleteModel(name="ClaimTombstone"),
    ]
