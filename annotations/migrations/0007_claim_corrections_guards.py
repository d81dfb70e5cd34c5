from django.db import migrations

# The status changes the database lets through follow `annotations.workflow.TRANSITIONS` (frozen
# here as it stands; a test compares them): migration 0004's list plus the recheck of a verified
# claim moved to a corrected text (verified → submitted). The four-eyes checks are unchanged.
TRANSITION_GUARD = """
CREATE OR REPLACE FUNCTION annotations_claim_transition_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (OLD.status, NEW.status) NOT IN (
        ('draft', 'submitted'),
        ('changes_requested', 'submitted'),
        ('submitted', 'in_review'),
        ('in_review', 'verified'),
        ('in_review', 'changes_requested'),
        ('in_review', 'rejected'),
        ('in_review', 'submitted'),
        ('verified', 'in_review'){extra}
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
"""

# A correction links revisions of its claim's own article, from an earlier to a later one; once
# written it is history: only a pending row may be resolved, and nothing else of it may change.
CORRECTION_GUARDS = """
CREATE FUNCTION annotations_claimcorrection_revisions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    -- One statement-level check for all the rows an insert wrote: adding a revision writes a
    -- correction for every claim of the article at once.
    SELECT inserted.claim_id, from_revision.number AS from_number,
           to_revision.number AS to_number,
           from_revision.article_id = claim.article_id
               AND to_revision.article_id = claim.article_id AS same_article
    INTO bad
    FROM inserted
    JOIN annotations_claim AS claim ON claim.id = inserted.claim_id
    JOIN annotations_articlerevision AS from_revision
        ON from_revision.id = inserted.from_revision_id
    JOIN annotations_articlerevision AS to_revision ON to_revision.id = inserted.to_revision_id
    WHERE from_revision.article_id <> claim.article_id
       OR to_revision.article_id <> claim.article_id
       OR from_revision.number >= to_revision.number
    LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF NOT bad.same_article THEN
        RAISE EXCEPTION 'correction of claim %: both revisions must be of its article',
            bad.claim_id USING ERRCODE = 'check_violation';
    END IF;
    RAISE EXCEPTION 'correction of claim %: revision % does not follow revision %',
        bad.claim_id, bad.to_number, bad.from_number USING ERRCODE = 'check_violation';
END;
$$;
CREATE TRIGGER annotations_claimcorrection_revisions
    AFTER INSERT ON annotations_claimcorrection
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION annotations_claimcorrection_revisions();

CREATE FUNCTION annotations_claimcorrection_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.resolution <> 'pending' THEN
        RAISE EXCEPTION 'correction %: only a pending correction may be resolved', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.claim_id, NEW.from_revision_id, NEW.to_revision_id, NEW.outcome, NEW.from_start,
        NEW.from_end, NEW.from_exact, NEW.to_start, NEW.to_end, NEW.to_exact, NEW.to_prefix, NEW.to_suffix,
        NEW.created_by_id, NEW.created_at)
       IS DISTINCT FROM
       (OLD.claim_id, OLD.from_revision_id, OLD.to_revision_id, OLD.outcome, OLD.from_start,
        OLD.from_end, OLD.from_exact, OLD.to_start, OLD.to_end, OLD.to_exact, OLD.to_prefix, OLD.to_suffix,
        OLD.created_by_id, OLD.created_at) THEN
        RAISE EXCEPTION 'correction %: only its resolution may change', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER annotations_claimcorrection_history
    BEFORE UPDATE ON annotations_claimcorrection
    FOR EACH ROW EXECUTE FUNCTION annotations_claimcorrection_history();
"""

DROP_CORRECTION_GUARDS = """
DROP TRIGGER IF EXISTS annotations_claimcorrection_history ON annotations_claimcorrection;
DROP FUNCTION IF EXISTS annotations_claimcorrection_history();
DROP TRIGGER IF EXISTS annotations_claimcorrection_revisions ON annotations_claimcorrection;
DROP FUNCTION IF EXISTS annotations_claimcorrection_revisions();
"""


class Migration(migrations.Migration):
    dependencies = [("annotations", "0006_claim_corrections")]

    operations = [
        migrations.RunSQL(
            TRANSITION_GUARD.format(extra=",\n        ('verified', 'submitted')"),
            TRANSITION_GUARD.format(extra=""),
        ),
        migrations.RunSQL(CORRECTION_GUARDS, DROP_CORRECTION_GUARDS),
    ]
