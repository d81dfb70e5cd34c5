# Issue 18 (ten times the data): the claims held in review the longest, for the release of
# abandoned claims that every take runs first. Built CONCURRENTLY: on a table of a million
# claims a plain CREATE INDEX would block writes while it runs.

from django.conf import settings
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("annotations", "0011_shared_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "in_review")),
                fields=["assigned_at", "id"],
                name="claim_in_review_since_idx",
            ),
        ),
    ]
