-- Device public keys as learned from DeviceRegistered / DeviceRemoved (this service's own copy).
CREATE TABLE known_device (
    device_id     text PRIMARY KEY,
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    public_key    text        NOT NULL,
    device_name   text,
    active        boolean     NOT NULL,
    registered_at timestamptz NOT NULL,
    removed_at    timestamptz
);
CREATE INDEX known_device_by_user ON known_device (tenant_id, user_id) WHERE active;

CREATE TABLE push_challenge (
    id               uuid PRIMARY KEY,
    tenant_id        text        NOT NULL,
    user_id          text        NOT NULL,
    purpose          text        NOT NULL,
    status           text        NOT NULL,
    number_to_match  text        NOT NULL,
    server_nonce     text        NOT NULL,
    device_ids       text[]      NOT NULL,
    application      text,
    ip_address       text,
    location         text,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    decided_at       timestamptz,
    decided_by       text,
    reason           text
);
CREATE INDEX push_challenge_by_user ON push_challenge (tenant_id, user_id, created_at);
CREATE INDEX push_challenge_pending ON push_challenge (expires_at) WHERE status = 'PENDING';

-- Per-user abuse state: a fraud report blocks pushes until an admin unblocks; repeated
-- denials or time-outs suppress pushes for a while. The row is also the per-user lock that
-- serialises challenge creation, so limits hold under concurrent requests.
CREATE TABLE user_guard (
    tenant_id            text        NOT NULL,
    user_id              text        NOT NULL,
    fraud_blocked_at     timestamptz,
    consecutive_failures int         NOT NULL DEFAULT 0,
    suppressed_until     timestamptz,
    PRIMARY KEY (tenant_id, user_id)
);

-- Nonces of signed device requests, kept for the clock-skew window so none is accepted twice.
CREATE TABLE device_nonce (
    device_id  text        NOT NULL,
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, nonce)
);

CREATE TABLE tenant_policy (
    tenant_id       text PRIMARY KEY,
    number_length   int NOT NULL,
    expiry_seconds  int NOT NULL
);

-- Wakes long-polls on every instance the moment a challenge is decided.
CREATE FUNCTION push_challenge_decided() RETURNS trigger AS $$
BEGIN
    IF NEW.status <> 'PENDING' AND OLD.status = 'PENDING' THEN
        PERFORM pg_notify('tweestap_challenge_decided', NEW.id::text);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER push_challenge_decided AFTER UPDATE OF status ON push_challenge
    FOR EACH ROW EXECUTE FUNCTION push_challenge_decided();
