-- Phone numbers live only here; every other service knows a phone by its id.
CREATE TABLE phone (
    id            uuid        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    e164          text        NOT NULL,
    region_code   text        NOT NULL,
    masked_number text        NOT NULL,
    created_at    timestamptz NOT NULL,
    verified_at   timestamptz,
    UNIQUE (tenant_id, user_id, e164)
);

-- One code at a time per verification; a resend replaces code_hmac and resets the checks.
CREATE TABLE phone_verification (
    id          uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    user_id     text        NOT NULL,
    phone_id    uuid        NOT NULL REFERENCES phone (id),
    channel     text        NOT NULL,
    language    text        NOT NULL,
    purpose     text        NOT NULL,
    status      text        NOT NULL,
    code_hmac   bytea       NOT NULL,
    checks_made int         NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    verified_at timestamptz
);

CREATE INDEX phone_verification_open ON phone_verification (tenant_id, user_id, phone_id) WHERE status = 'PENDING';

-- Every send (SMS or call), also the ledger the limits count. id is the Vonage client reference.
CREATE TABLE code_send (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL,
    verification_id uuid        NOT NULL REFERENCES phone_verification (id),
    e164            text        NOT NULL,
    number_prefix   text        NOT NULL,
    masked_number   text        NOT NULL,
    channel         text        NOT NULL,
    sent_at         timestamptz NOT NULL,
    status          text        NOT NULL,
    provider_id     text,
    failure_reason  text
);

CREATE INDEX code_send_by_number ON code_send (e164, sent_at);
CREATE INDEX code_send_by_prefix ON code_send (number_prefix, sent_at);
CREATE INDEX code_send_by_user ON code_send (tenant_id, user_id, sent_at);
CREATE INDEX code_send_by_tenant ON code_send (tenant_id, sent_at);
CREATE INDEX code_send_by_provider_id ON code_send (provider_id);
CREATE INDEX code_send_by_verification ON code_send (verification_id, sent_at);
