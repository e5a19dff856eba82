-- The purge removes devices whose test push was never approved a while after they registered
-- (AbandonedDevices, decision 0071); only those few rows are in this index.
CREATE INDEX device_unverified_by_age ON device (registered_at) WHERE status = 'REGISTERED';
