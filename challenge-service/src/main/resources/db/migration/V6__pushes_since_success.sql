-- Sign-in pushes sent since the user's last approved sign-in (NIST SP 800-63B-4: a limit since
-- the last success, not only per window; decision 0048). A counter on the guard row rather than
-- a count over push_challenge, so the retention job can purge old challenges without resetting it.
-- Existing users start at 0: their history before this migration is not held against them.
ALTER TABLE user_guard ADD COLUMN pushes_since_success int NOT NULL DEFAULT 0;
