from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    # The table of every database cache in CACHES (CACHE_URL=db://…, the default), so that a
    # fresh clone's `migrate` sets up the cache the throttles count in; for Redis or
    # memcached this does nothing. `manage.py createcachetable` does the same by hand.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_review_events_outlive_their_claim")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
