-- A registration reset ends the user's wizard at once (decision 0070): every unopened link, open
-- wizard session and unspent activation code of the user is marked ended in the reset's
-- transaction. Opening, issuing and spending check the mark after taking the user's setup lock.
ALTER TABLE enrollment_link ADD COLUMN ended_at timestamptz;
ALTER TABLE wizard_session  ADD COLUMN ended_at timestamptz;
ALTER TABLE activation_code ADD COLUMN ended_at timestamptz;

-- The reset finds a user's setup rows by tenant and user.
CREATE INDEX enrollment_link_by_user ON enrollment_link (tenant_id, user_id);
CREATE INDEX wizard_session_by_user  ON wizard_session (tenant_id, user_id);
CREATE INDEX activation_code_by_user ON activation_code (tenant_id, user_id);
