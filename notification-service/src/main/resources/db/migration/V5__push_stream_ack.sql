-- The device acknowledges each stream frame by the push id it carries (decision 0013).
-- direct_acked_at: the device's own stream said it read the frame. direct_resends: how often an
-- unacknowledged challenge frame was written again (bounded by tweestap.notification.stream-resend-limit).
ALTER TABLE push ADD COLUMN direct_acked_at timestamptz;
ALTER TABLE push ADD COLUMN direct_resends integer NOT NULL DEFAULT 0;

-- Frames written before this version went to apps that did not ack: count them as acknowledged,
-- or every open challenge would be written to its stream again now.
UPDATE push SET direct_acked_at = direct_sent_at WHERE direct_sent_at IS NOT NULL;

-- Only challenge frames written, not yet acknowledged, on rows still open: a handful at any time.
CREATE INDEX push_direct_unacked ON push (device_id, direct_sent_at)
    WHERE kind = 'challenge' AND direct_sent_at IS NOT NULL AND direct_acked_at IS NULL AND closed_at IS NULL;
