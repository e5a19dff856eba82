-- Which method decided a sign-in (decision 0103): PUSH when a device answered, SMS or VOICE when a code
-- did; none for an expired or cancelled challenge. Decided rows from before say the same from what they kept.
ALTER TABLE push_challenge ADD COLUMN decided_method text;
UPDATE push_challenge SET decided_method = CASE WHEN decided_by IS NOT NULL THEN 'PUSH' ELSE method END
    WHERE status IN ('APPROVED', 'DENIED');
