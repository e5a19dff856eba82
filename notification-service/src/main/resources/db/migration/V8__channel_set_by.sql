-- Who last set a channel's address, and when: a DeviceRegistered (its occurredAt), or the device
-- itself through a signed call (issue 16 item 4: APNs and FCM tokens change; decision 0088). A
-- registration event older than the device's own change does not put the old token back.
-- Rows from before this migration came from registrations at an unknown time.
ALTER TABLE device_channel ADD COLUMN address_set_by text NOT NULL DEFAULT 'registration';
ALTER TABLE device_channel ADD COLUMN address_set_at timestamptz;
