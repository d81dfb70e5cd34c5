# Issue 18 (ten times the data): the whole NDJSON export looks up each claim's version, in the
# export's order, which is unrelated to the versions' own: through the primary key, a read of the
# key's leaf and of the row's page per claim. At 10× those 113 MB of rows and 64 MB of key no
# longer stay in PostgreSQL's shared buffers, and the export read 84,000–95,000 of their pages a
# run (docs/performance.md, "The export at ten times the data"). An index of the claim with its
# version (30 MB at 10×) answers the lookup from the index alone.
#
# Built CONCURRENTLY, as a plain CREATE INDEX would block the export log's trigger (every change
# to a verified claim) while it runs; IF NOT EXISTS so that a database that has it already, under
# an earlier number of this migration, migrates all the same.

from django.db import migrations, models

CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS export_version_lookup_idx"
    " ON annotations_exportversion (claim_id) INCLUDE (change_id)"
)
DROP = "DROP INDEX CONCURRENTLY IF EXISTS export_version_lookup_idx"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0017_export_line_order"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL(CREATE, DROP)],
            state_operations=[
                migrations.AddIndex(
                    model_name="exportversion",
                    index=models.Index(
                        fields=["claim_id"],
                        include=["change_id"],
                        name="export_version_lookup_idx",
                    ),
                ),
            ],
        ),
    ]
