from django.db import migrations

# Review events are the audit trail: the database itself refuses to change one.
CREATE = """
CREATE FUNCTION annotations_reviewevent_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'review events are immutable';
END;
$$;
CREATE TRIGGER annotations_reviewevent_no_update
    BEFORE UPDATE ON annotations_reviewevent
    FOR EACH ROW EXECUTE FUNCTION annotations_reviewevent_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_reviewevent_no_update ON annotations_reviewevent;
DROP FUNCTION IF EXISTS annotations_reviewevent_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0002_articles_claims_reviews")]

    operations = [migrations.RunSQL(CREATE, DROP)]
