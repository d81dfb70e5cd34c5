from django.db import migrations

# The workflow's rules the database can hold on its own: a claim's status changes only along a
# transition `annotations.workflow.TRANSITIONS` lists (frozen here as it stood; a test compares
# them), and nobody takes or verifies a claim they contributed to (the four-eyes rule).
CREATE = """
CREATE FUNCTION annotations_claim_transition_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.status, NEW.status) NOT IN (
        ('draft', 'submitted'),
        ('changes_requested', 'submitted'),
        ('submitted', 'in_review'),
        ('in_review', 'verified'),
        ('in_review', 'changes_requested'),
        ('in_review', 'rejected'),
        ('in_review', 'submitted'),
        ('verified', 'in_review')
    ) THEN
        RAISE EXCEPTION 'claim % cannot move from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'in_review' AND EXISTS (
        SELECT 1 FROM annotations_claim_contributors
        WHERE claim_id = NEW.id AND user_id = NEW.assigned_to_id
    ) THEN
        RAISE EXCEPTION 'claim %: a contributor may not review it (four eyes)', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status = 'verified' AND EXISTS (
        SELECT 1 FROM annotations_claim_contributors
        WHERE claim_id = NEW.id AND user_id = NEW.verified_by_id
    ) THEN
        RAISE EXCEPTION 'claim %: a contributor may not verify it (four eyes)', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER annotations_claim_transition_guard
    BEFORE UPDATE OF status ON annotations_claim
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION annotations_claim_transition_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS annotations_claim_transition_guard ON annotations_claim;
DROP FUNCTION IF EXISTS annotations_claim_transition_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0003_review_events_immutable")]

    operations = [migrations.RunSQL(CREATE, DROP)]
