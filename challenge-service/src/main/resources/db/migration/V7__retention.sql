-- The retention job (decision 0049) finds what it may delete by these, in batches.
CREATE INDEX push_challenge_decided ON push_challenge (decided_at) WHERE status <> 'PENDING';
CREATE INDEX device_nonce_expiry ON device_nonce (expires_at);
