-- A long-poll answers from the notification itself (decision 0108): besides the bare id on
-- tweestap_challenge_decided (kept for instances of the version before, during a rolling upgrade),
-- the decided or fallen-back row as the API shows it goes out on tweestap_challenge_outcome, so the
-- waiting instance need not read the challenge again. The row is the one this UPDATE wrote; every
-- path that decides a challenge, expires it or sets its fallback does so in one UPDATE.
CREATE OR REPLACE FUNCTION push_challenge_decided() RETURNS trigger AS $$
DECLARE
    notice text;
BEGIN
    IF (NEW.status <> 'PENDING' AND OLD.status = 'PENDING')
            OR (NEW.fallback_method IS NOT NULL AND OLD.fallback_method IS NULL) THEN
        PERFORM pg_notify('tweestap_challenge_decided', NEW.id::text);
        notice := json_build_object(
                'id', NEW.id, 'tenantId', NEW.tenant_id, 'userId', NEW.user_id, 'purpose', NEW.purpose,
                'method', NEW.method, 'status', NEW.status, 'application', NEW.application,
                'createdAt', NEW.created_at, 'expiresAt', NEW.expires_at, 'decidedAt', NEW.decided_at,
                'decidedBy', NEW.decided_by, 'reason', NEW.reason, 'decidedMethod', NEW.decided_method,
                'fallbackMethod', NEW.fallback_method)::text;
        -- A NOTIFY payload is at most 8000 bytes: a row too long for one is read again by the waiter.
        IF octet_length(notice) < 7900 THEN
            PERFORM pg_notify('tweestap_challenge_outcome', notice);
        ELSE
            PERFORM pg_notify('tweestap_challenge_outcome', json_build_object('id', NEW.id)::text);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
