import django.db.models.deletion
from django.db import migrations, models

# The audit trail is permanent: an event outlives its claim (no foreign key, so deleting the
# claim neither cascades to its events nor is blocked by them), and the database refuses to
# delete an event, as it already refuses to change one (0003).
CREATE = """
CREATE FUNCTION annotations_reviewevent_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'review events are permanent'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER annotations_reviewevent_no_delete
    BEFORE DELETE ON annotations_reviewevent
    FOR EACH ROW EXECUTE FUNCTION annotations_reviewevent_permanent();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_reviewevent_no_delete ON annotations_reviewevent;
DROP FUNCTION IF EXISTS annotations_reviewevent_permanent();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0009_free_text_length_limits")]

    operations = [
        migrations.AlterField(
            model_name="reviewevent",
            name="claim",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="events",
                to="annotations.claim",
            ),
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
