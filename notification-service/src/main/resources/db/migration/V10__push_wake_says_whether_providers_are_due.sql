-- A push row for a device with no active APNs / FCM / Web Push channel, and every closing frame, is
-- made with its provider lease already concluded (decision 0105): there is nothing for the providers
-- to send, so no instance claims it, asks for the device's channels and marks it done (three commits
-- a push, for the devices that only listen on their stream). The wake-up says which rows still need
-- the providers: 'push:' as before, 'push-stream:' for a row only a stream can carry. An instance of
-- the version before this ignores 'push-stream:' and leaves the row to its sweep (a rolling deploy
-- delays such pushes on the old instances by a sweep interval).
CREATE OR REPLACE FUNCTION push_wake_dispatch() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tweestap_push',
        CASE WHEN NEW.providers_claimed_at IS NULL THEN 'push:' ELSE 'push-stream:' END
        || NEW.id::text || ':' || NEW.device_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
