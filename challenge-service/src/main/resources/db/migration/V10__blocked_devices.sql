-- An administrator can block a device without removing it (DeviceBlocked / DeviceUnblocked, decision 0089):
-- while blocked_at is set it gets no sign-in or test push and its answers are refused. block_changed_at is
-- the occurredAt of the last block change applied, so an older event replayed later cannot flip the state.
ALTER TABLE known_device ADD COLUMN blocked_at timestamptz;
ALTER TABLE known_device ADD COLUMN block_changed_at timestamptz;
