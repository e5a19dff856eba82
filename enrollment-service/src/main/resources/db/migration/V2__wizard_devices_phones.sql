-- An enrollment ends when the tenant's policy is met, or when an administrator resets the user.
ALTER TABLE enrollment ADD COLUMN completed_at timestamptz;

-- A tenant without a row gets the defaults from configuration.
CREATE TABLE tenant_policy (
    tenant_id      text PRIMARY KEY,
    snooze_days    integer NOT NULL CHECK (snooze_days BETWEEN 0 AND 90),
    max_snoozes    integer NOT NULL CHECK (max_snoozes BETWEEN 0 AND 20),
    require_device boolean NOT NULL,
    require_phone  boolean NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Per-user registration bookkeeping that outlives single enrollments.
CREATE TABLE user_registration (
    tenant_id      text NOT NULL,
    user_id        text NOT NULL,
    snoozes_used   integer NOT NULL DEFAULT 0,
    snoozed_until  timestamptz,
    default_method uuid,
    PRIMARY KEY (tenant_id, user_id)
);

-- Only a hash of the link token is kept: a database dump opens no wizard.
CREATE TABLE enrollment_link (
    token_hash    text PRIMARY KEY,
    tenant_id     text NOT NULL,
    user_id       text NOT NULL,
    enrollment_id uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL,
    opened_at     timestamptz
);

-- The browser holds the session token; we hold its hash.
CREATE TABLE wizard_session (
    token_hash       text PRIMARY KEY,
    tenant_id        text NOT NULL,
    user_id          text NOT NULL,
    enrollment_id    uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
    expires_at       timestamptz NOT NULL,
    activation_id    uuid,
    device_id        uuid,
    challenge_id     text,
    number_to_show   text,
    challenge_expires_at timestamptz,
    verification_id  text,
    phone_id         text
);

CREATE TABLE activation_code (
    id            uuid PRIMARY KEY,
    code_hash     text NOT NULL UNIQUE,
    tenant_id     text NOT NULL,
    user_id       text NOT NULL,
    enrollment_id uuid NOT NULL REFERENCES enrollment (id) ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz,
    device_id     uuid
);

CREATE TABLE device (
    id            uuid PRIMARY KEY,
    tenant_id     text NOT NULL,
    user_id       text NOT NULL,
    enrollment_id uuid,
    name          text NOT NULL,
    platform      text NOT NULL,
    public_key    text NOT NULL,
    push_channels text NOT NULL,
    status        text NOT NULL,
    registered_at timestamptz NOT NULL,
    verified_at   timestamptz
);
CREATE INDEX device_by_user ON device (tenant_id, user_id);

-- The number itself lives only in sms-service; we keep its masked form.
CREATE TABLE phone_method (
    id              uuid PRIMARY KEY,
    phone_id        text NOT NULL,
    tenant_id       text NOT NULL,
    user_id         text NOT NULL,
    enrollment_id   uuid,
    verification_id text NOT NULL UNIQUE,
    masked_number   text NOT NULL,
    channel         text NOT NULL,
    status          text NOT NULL,
    requested_at    timestamptz NOT NULL,
    verified_at     timestamptz
);
CREATE INDEX phone_method_by_user ON phone_method (tenant_id, user_id);
