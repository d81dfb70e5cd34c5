# Issue 18 (ten times the data): the article list and search count each listed article's claims,
# all and verified; with this index the counts are index-only scans. Built CONCURRENTLY: on a
# table of a million claims a plain CREATE INDEX would block writes while it runs.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0013_similar_claims_function"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="claim",
            index=models.Index(fields=["article", "status"], name="claim_article_status_idx"),
        ),
    ]
