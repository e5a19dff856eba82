-- Temporary access passes (issue 16 item 1, decision 0083): only the SHA-256 of the pass is kept,
-- so a database dump opens no wizard.
CREATE TABLE temporary_access_pass (
    id          uuid PRIMARY KEY,
    tenant_id   text NOT NULL,
    user_id     text NOT NULL,
    code_hash   text NOT NULL UNIQUE,
    one_time    boolean NOT NULL,
    issued_by   text NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    redemptions integer NOT NULL DEFAULT 0,
    redeemed_at timestamptz,
    revoked_at  timestamptz,
    revoked_by  text
);
CREATE INDEX temporary_access_pass_by_user ON temporary_access_pass (tenant_id, user_id);
CREATE INDEX temporary_access_pass_by_expiry ON temporary_access_pass (expires_at);

-- Failed redemptions of one user: after too many in a window, every redemption of the user is
-- refused until locked_until, also one with the right pass (guessing is limited per user).
CREATE TABLE access_pass_failures (
    tenant_id        text NOT NULL,
    user_id          text NOT NULL,
    failures         integer NOT NULL,
    first_failure_at timestamptz NOT NULL,
    locked_until     timestamptz,
    PRIMARY KEY (tenant_id, user_id)
);
