CREATE TABLE enrollment (
    id         uuid PRIMARY KEY,
    tenant_id  text        NOT NULL,
    user_id    text        NOT NULL,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Every query names the tenant first.
CREATE INDEX enrollment_by_user ON enrollment (tenant_id, user_id);
