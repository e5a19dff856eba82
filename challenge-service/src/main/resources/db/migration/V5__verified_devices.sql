-- A device is registered when its key is bound (DeviceRegistered) and verified when the user
-- approved its test push (DeviceVerified). Only verified devices are sent, and may answer,
-- sign-in challenges; the test push goes to the registered device being set up (decision 0047).
ALTER TABLE known_device ADD COLUMN verified_at timestamptz;

-- Whether a device known before this migration ever passed its test push cannot be told from
-- this database (the inbox keeps event ids and types, not devices). Every existing device is
-- taken as verified so that no current user loses sign-in; decision 0047 weighs this.
UPDATE known_device SET verified_at = registered_at;

-- A DeviceVerified applied before its DeviceRegistered leaves an inactive row without a key,
-- which the registration completes (the verification is not lost to the ordering).
ALTER TABLE known_device ALTER COLUMN public_key DROP NOT NULL;
