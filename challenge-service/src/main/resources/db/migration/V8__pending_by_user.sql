-- The admission checks ("one pending sign-in per user") look for a user's pending challenges. The
-- index by user covers every challenge the user ever had, so that look-up grew with the history;
-- this one holds only pending rows, a handful at any time, and the check reads only those.
CREATE INDEX push_challenge_pending_by_user ON push_challenge (tenant_id, user_id, expires_at)
    WHERE status = 'PENDING';
