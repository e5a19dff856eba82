-- A device is registered when its key is bound (DeviceRegistered) and verified when the user
-- approved the setup test push on it (DeviceVerified). Only verified devices are sent sign-in
-- challenges (decision 0014); the test push goes to the registered device being set up.
ALTER TABLE device ADD COLUMN verified    boolean     NOT NULL DEFAULT false;
ALTER TABLE device ADD COLUMN verified_at timestamptz;

-- Devices known before this version: this service never recorded DeviceVerified, so it cannot
-- tell which of them passed the test push. Counting them all as verified keeps every current user
-- signing in; the cost is that a device registered, never tested and still active at the upgrade
-- keeps getting sign-in pushes (decision 0014).
UPDATE device SET verified = true, verified_at = registered_at WHERE active;
