-- A sign-in can be confirmed by a code sent to the user's verified phone instead of a push.
ALTER TABLE push_challenge ADD COLUMN method text NOT NULL DEFAULT 'PUSH';
ALTER TABLE push_challenge ADD COLUMN sms_verification_id text;

-- Verified phones as learned from PhoneRegistered; the number itself stays in sms-service.
CREATE TABLE user_phone (
    tenant_id     text        NOT NULL,
    user_id       text        NOT NULL,
    phone_id      text        NOT NULL,
    masked_number text        NOT NULL,
    registered_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id, phone_id)
);
