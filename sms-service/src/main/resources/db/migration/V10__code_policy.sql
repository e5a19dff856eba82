-- Each tenant's own code rules (decision 0102). A tenant without a row has the configured defaults.
-- The bounds are the API's too: a row outside them can only come from a hand-edit, and is refused.
CREATE TABLE code_policy (
    tenant_id        text        PRIMARY KEY,
    code_length      int         NOT NULL CHECK (code_length BETWEEN 6 AND 8),
    lifetime_minutes int         NOT NULL CHECK (lifetime_minutes BETWEEN 1 AND 15),
    max_checks       int         NOT NULL CHECK (max_checks BETWEEN 3 AND 10),
    updated_at       timestamptz NOT NULL,
    updated_by       text
);

-- The checks a code was issued with, so that changing the policy never changes a code already sent.
-- Verifications from before this column have none and keep the configured maximum.
ALTER TABLE phone_verification ADD COLUMN max_checks int;
