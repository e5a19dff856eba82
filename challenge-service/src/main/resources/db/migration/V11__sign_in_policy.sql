-- Which methods a tenant's users may sign in with (decision 0103). A tenant without a row allows
-- every method. At least one stays allowed, or nobody of the tenant could sign in.
CREATE TABLE sign_in_policy (
    tenant_id    text        PRIMARY KEY,
    allows_push  boolean     NOT NULL,
    allows_sms   boolean     NOT NULL,
    allows_voice boolean     NOT NULL,
    updated_at   timestamptz NOT NULL,
    updated_by   text,
    CHECK (allows_push OR allows_sms OR allows_voice)
);
