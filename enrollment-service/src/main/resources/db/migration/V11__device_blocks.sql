-- An administrator can block a device without removing it (issue 16 item 4, decision 0089): while
-- blocked_at is set challenge-service sends it nothing and refuses its answers, notification-service
-- pushes nothing to it. Who blocked it and why (admin, lost, suspicious) are kept for the methods list
-- and the event; an unblock clears all three. Blocking and unblocking are conditional updates on
-- blocked_at, so each publishes its event once.
ALTER TABLE device ADD COLUMN blocked_at timestamptz;
ALTER TABLE device ADD COLUMN blocked_by text;
ALTER TABLE device ADD COLUMN block_reason text;
