# Issue 18 (ten times the data): the whole NDJSON export reads its kept lines in the export's
# order, beside the claims' order read from an index alone, instead of looking up each claim's
# row and line (annotations/selectors/export/lines.py). Each line records its claim's
# `updated_at` (its place in that order); lines kept before have none and are rendered again once.
# Both indexes are built CONCURRENTLY: a plain CREATE INDEX on a table of a million claims, or of
# their lines, would block writes while it runs.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0016_export_lines"),
    ]

    operations = [
        migrations.AddField(
            model_name="exportline",
            name="claim_updated_at",
            field=models.DateTimeField(null=True),
        ),
        AddIndexConcurrently(
            model_name="claim",
            index=models.Index(
                condition=models.Q(status="verified"),
                fields=["updated_at", "id"],
                name="claim_export_order_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="exportline",
            index=models.Index(
                fields=["key", "claim_updated_at", "claim_id"], name="export_line_order_idx"
            ),
        ),
    ]
