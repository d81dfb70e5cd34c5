from django.db import migrations, models

# Each claim's version: the id of its newest row in the export log, set by a trigger on the log
# in the transaction that writes the row. The NDJSON export keeps each claim's line under the
# version it was rendered for (annotations/selectors/export/lines.py); a claim's older lines are
# deleted with the same trigger, so the table holds about one line per claim and key.
CREATE = """
CREATE FUNCTION annotations_export_version_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In claim order, so that two transactions setting versions of the same claims lock them in
    -- the same order.
    INSERT INTO annotations_exportversion (claim_id, change_id)
    SELECT claim_id, max(id) FROM new_rows GROUP BY claim_id ORDER BY claim_id
    ON CONFLICT (claim_id) DO UPDATE SET change_id = excluded.change_id;
    DELETE FROM annotations_exportline kept
    USING (SELECT DISTINCT claim_id FROM new_rows) changed
    WHERE kept.claim_id = changed.claim_id;
    RETURN NULL;
END;
$$;
-- Lines are written once and read whole: stored as they are, not compressed (compressing cost
-- more than the bytes it saved, on the way in and on every read).
ALTER TABLE annotations_exportline ALTER COLUMN line SET STORAGE EXTERNAL;
CREATE TRIGGER annotations_exportchange_version AFTER INSERT ON annotations_exportchange
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION annotations_export_version_changed();
INSERT INTO annotations_exportversion (claim_id, change_id)
SELECT claim_id, max(id) FROM annotations_exportchange GROUP BY claim_id;
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_exportchange_version ON annotations_exportchange;
DROP FUNCTION IF EXISTS annotations_export_version_changed();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0015_export_change_log")]

    operations = [
        migrations.CreateModel(
            name="ExportVersion",
            fields=[
                ("claim_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("change_id", models.BigIntegerField()),
            ],
        ),
        migrations.CreateModel(
            name="ExportLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("claim_id", models.BigIntegerField()),
                ("change_id", models.BigIntegerField()),
                ("key", models.CharField(max_length=64)),
                ("line", models.TextField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("claim_id", "change_id", "key"), name="export_line_once"
                    )
                ],
            },
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
