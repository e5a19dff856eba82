-- A sign-in push falls back to a code when no phone acknowledged it in time (decision 0104).
ALTER TABLE sign_in_policy ADD COLUMN fallback_after_seconds int CHECK (fallback_after_seconds BETWEEN 5 AND 120);
-- The methods to try, in the tenant's order, comma-separated ('SMS,VOICE'); set with the time or not at all.
ALTER TABLE sign_in_policy ADD COLUMN fallback_order text;
ALTER TABLE sign_in_policy ADD CHECK ((fallback_after_seconds IS NULL) = (fallback_order IS NULL));

-- Each push keeps the fallback it was created with, as a code keeps its rules.
ALTER TABLE push_challenge ADD COLUMN language text;
ALTER TABLE push_challenge ADD COLUMN fallback_due_at timestamptz;
ALTER TABLE push_challenge ADD COLUMN fallback_order text;
ALTER TABLE push_challenge ADD COLUMN fallback_method text;
ALTER TABLE push_challenge ADD COLUMN acknowledged_at timestamptz;

-- What the fallback job claims: only pushes still waiting for theirs, a handful at any time.
CREATE INDEX push_challenge_fallback_due ON push_challenge (fallback_due_at)
    WHERE status = 'PENDING' AND fallback_due_at IS NOT NULL;

-- A long-poll also wakes when its push fell back to a code, so the sign-in page can ask for it at once.
CREATE OR REPLACE FUNCTION push_challenge_decided() RETURNS trigger AS $$
BEGIN
    IF (NEW.status <> 'PENDING' AND OLD.status = 'PENDING')
            OR (NEW.fallback_method IS NOT NULL AND OLD.fallback_method IS NULL) THEN
        PERFORM pg_notify('tweestap_challenge_decided', NEW.id::text);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER push_challenge_decided ON push_challenge;
CREATE TRIGGER push_challenge_decided AFTER UPDATE OF status, fallback_method ON push_challenge
    FOR EACH ROW EXECUTE FUNCTION push_challenge_decided();
