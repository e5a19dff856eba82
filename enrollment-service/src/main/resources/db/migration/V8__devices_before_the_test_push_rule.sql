-- Before issue 11 a device signed in without its test push being approved, so every device that
-- exists now may still be REGISTERED here while challenge-service (V5, decision 0047) and
-- notification-service (V6, decision 0014) treat it as verified. The purge of never-verified
-- devices (AbandonedDevices, decision 0071) must not remove those users' working authenticators:
-- they are marked here and exempted. Their status stays as it is (registration status rules read
-- it); devices registered from now on get false.
ALTER TABLE device ADD COLUMN registered_before_test_push_rule boolean NOT NULL DEFAULT false;
UPDATE device SET registered_before_test_push_rule = true;

-- The purge's index covers only the devices it may remove.
DROP INDEX device_unverified_by_age;
CREATE INDEX device_unverified_by_age ON device (registered_at)
    WHERE status = 'REGISTERED' AND NOT registered_before_test_push_rule;
