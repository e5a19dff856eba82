-- How the wizard's test push ended when it was not approved (DENIED:<reason>, EXPIRED, CANCELLED),
-- learnt from challenge-service's events instead of asking it on every poll of the page.
ALTER TABLE wizard_session ADD COLUMN test_outcome text;

-- The events name the challenge: find the session that sent it.
CREATE INDEX wizard_session_by_challenge ON wizard_session (challenge_id) WHERE challenge_id IS NOT NULL;
