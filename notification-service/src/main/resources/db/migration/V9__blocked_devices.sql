-- An administrator can block a device without removing it (DeviceBlocked / DeviceUnblocked, decision 0089):
-- while blocked_at is set no push row is written for it and its stream is refused; its channels stay, so
-- an unblock restores its pushes. block_changed_at is the occurredAt of the last block change applied, so an
-- older event replayed later cannot flip the state.
ALTER TABLE device ADD COLUMN blocked_at timestamptz;
ALTER TABLE device ADD COLUMN block_changed_at timestamptz;
