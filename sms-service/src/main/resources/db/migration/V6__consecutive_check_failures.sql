-- Consecutive wrong codes per user (tenant + user), across codes and verifications (decision 0025):
-- a new code does not reset it, a successful check or an administrator's unlock deletes the row.
-- Every 5th failure in a row blocks sends and checks for a while (blocked_until); the 100th locks
-- codes by SMS and call for the user (locked_at) until an administrator unlocks them.
CREATE TABLE check_failure_streak (
    tenant_id       text        NOT NULL,
    user_id         text        NOT NULL,
    failures        int         NOT NULL,
    blocked_until   timestamptz,
    locked_at       timestamptz,
    last_failure_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
