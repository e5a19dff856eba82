-- The purge (ExpiredSetupPurge) finds expired rows by expiry, and keeps the activation codes that
-- live wizard sessions still point at.
CREATE INDEX enrollment_link_by_expiry ON enrollment_link (expires_at);
CREATE INDEX wizard_session_by_expiry ON wizard_session (expires_at);
CREATE INDEX wizard_session_by_activation ON wizard_session (activation_id);
CREATE INDEX activation_code_by_expiry ON activation_code (expires_at);
