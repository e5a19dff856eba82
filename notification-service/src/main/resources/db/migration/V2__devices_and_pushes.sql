-- The device directory: this service's own copy of which devices a user has and how to reach
-- them, learned from DeviceRegistered / DeviceRemoved. device_id is global (it is the only thing
-- a device names when it opens its stream), tenant and user are kept to scope every query.
CREATE TABLE device (
    device_id     text        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    device_name   text,
    platform      text,
    public_key    text        NOT NULL,       -- base64 X.509 P-256; verifies the stream handshake
    active        boolean     NOT NULL,
    registered_at timestamptz NOT NULL,
    removed_at    timestamptz
);

CREATE INDEX device_by_user ON device (tenant_id, user_id) WHERE active;

-- Provider channels (apns, fcm). The direct channel needs no row: every active device may open
-- its stream. A token the provider calls invalid deactivates the row; a re-registration revives it.
CREATE TABLE device_channel (
    device_id          text        NOT NULL REFERENCES device (device_id),
    kind               text        NOT NULL,
    address            text        NOT NULL,
    active             boolean     NOT NULL,
    deactivated_at     timestamptz,
    deactivated_reason text,
    PRIMARY KEY (device_id, kind)
);

-- One row per thing to tell one device: a challenge, a challenge that is gone, a new-device
-- notice. The unique key makes a second ChallengeCreated (even with another event id) a no-op.
CREATE TABLE push (
    id                  uuid        PRIMARY KEY,
    tenant_id           text        NOT NULL,
    user_id             text        NOT NULL,
    device_id           text        NOT NULL REFERENCES device (device_id),
    kind                text        NOT NULL,          -- challenge | challenge-closed | new-device
    reference           text        NOT NULL,          -- challenge id, or the new device's id
    payload             text        NOT NULL,          -- the JSON frame; never a number to match or a secret
    requested_at        timestamptz NOT NULL,          -- when the cause happened; latency is measured from it
    expires_at          timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    direct_sent_at      timestamptz,                   -- written to the device's stream
    providers_claimed_at timestamptz,                  -- one instance took the APNs / FCM sends
    delivered_at        timestamptz,                   -- first channel that reached the device
    closed_at           timestamptz,                   -- challenge answered / device removed: stop delivering
    expiry_reported_at  timestamptz,                   -- NotificationFailed(expired) emitted
    UNIQUE (device_id, kind, reference)
);

CREATE INDEX push_pending_direct ON push (device_id, created_at)
    WHERE direct_sent_at IS NULL AND closed_at IS NULL;
CREATE INDEX push_by_reference ON push (tenant_id, user_id, reference);

-- Every instance LISTENs; the one holding the device's stream sends at once. NOTIFY is delivered
-- only at commit, so nothing is pushed for a transaction that rolled back.
CREATE FUNCTION push_wake_dispatch() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tweestap_push', 'push:' || NEW.id::text || ':' || NEW.device_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER push_wake_dispatch AFTER INSERT ON push
    FOR EACH ROW EXECUTE FUNCTION push_wake_dispatch();

-- Nonces of signed device requests, kept as long as their timestamp could still be accepted.
CREATE TABLE device_request_nonce (
    device_id  text        NOT NULL,
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, nonce)
);

CREATE INDEX device_request_nonce_expiry ON device_request_nonce (expires_at);
