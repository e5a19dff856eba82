-- Moving to a new phone with the old one at hand (issue 16 item 2, decision 0094). A move is a saga
-- kept here, not in memory: any instance continues it after a restart. It is REQUESTED while the new
-- phone activates through its own enrolment, AWAITING_OLD_DEVICE once the old device was asked to
-- approve it (challenge_id), and ends COMPLETED (new device verified, old one removed) or ABANDONED
-- (old device as it was, the new one removed). Every change is a conditional UPDATE on the status, so a
-- late or repeated event, or two instances' sweeps, change a move once.
CREATE TABLE device_move (
    id                   uuid PRIMARY KEY,
    tenant_id            text NOT NULL,
    user_id              text NOT NULL,
    old_device_id        uuid NOT NULL,
    enrollment_id        uuid NOT NULL,
    new_device_id        uuid,
    status               text NOT NULL,
    challenge_id         text,
    number_to_show       text,
    requested_at         timestamptz NOT NULL,
    expires_at           timestamptz NOT NULL,
    co_signed_at         timestamptz,
    ended_at             timestamptz,
    abandon_reason       text
);
-- One open move per user: the setup lock orders two starts, and this keeps it so should a path forget it.
CREATE UNIQUE INDEX device_move_one_open_per_user ON device_move (tenant_id, user_id)
    WHERE status IN ('REQUESTED', 'AWAITING_OLD_DEVICE');
CREATE INDEX device_move_open_by_expiry ON device_move (expires_at)
    WHERE status IN ('REQUESTED', 'AWAITING_OLD_DEVICE');
CREATE INDEX device_move_by_challenge ON device_move (challenge_id) WHERE challenge_id IS NOT NULL;
CREATE INDEX device_move_ended ON device_move (ended_at) WHERE ended_at IS NOT NULL;

-- The wizard session that activates a move's new phone: its test step hands over to the move instead
-- of testing the new device (the old device's approval verifies it).
ALTER TABLE wizard_session ADD COLUMN move_id uuid;
