-- The retention job (SendRetention) deletes the oldest sends first and finds verifications whose
-- last code expired long ago.
CREATE INDEX code_send_by_age ON code_send (sent_at);
CREATE INDEX phone_verification_by_expiry ON phone_verification (expires_at);
CREATE INDEX phone_verification_by_phone ON phone_verification (phone_id);
