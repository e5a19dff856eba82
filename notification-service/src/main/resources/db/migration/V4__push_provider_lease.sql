-- The provider claim becomes a lease (decision 0012): providers_done_at says the APNs / FCM sends of
-- the row concluded (every channel's answer recorded, or the device had no provider channel). A
-- claim older than tweestap.notification.provider-lease without it was left by an instance that
-- died mid-send, and the sweep takes the row over.
ALTER TABLE push ADD COLUMN providers_done_at timestamptz;

-- Rows claimed before this version were sent (or lost) by code that never recorded the end of a
-- send: count them as concluded, or every open notice would go to APNs / FCM a second time now.
-- Closed rows are never swept, so they are left alone.
UPDATE push SET providers_done_at = providers_claimed_at
 WHERE providers_claimed_at IS NOT NULL AND providers_done_at IS NULL AND closed_at IS NULL;

-- Only claims in flight (or orphaned) on rows still open: a handful, whatever the table's size.
CREATE INDEX push_provider_lease ON push (providers_claimed_at)
    WHERE providers_claimed_at IS NOT NULL AND providers_done_at IS NULL AND closed_at IS NULL;
