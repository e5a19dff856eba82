-- Shipped by the events module and applied by every service's Flyway (location db/tweestap-events),
-- so the outbox and inbox are defined once. Service migrations start at V1.

-- Transactional outbox, in the row shape Debezium's EventRouter understands.
CREATE TABLE outbox (
    id            uuid PRIMARY KEY,              -- becomes ce_id; consumers de-duplicate on it
    seq           bigserial NOT NULL UNIQUE,     -- publication order
    aggregatetype text        NOT NULL,          -- the topic the event goes to
    aggregateid   text        NOT NULL,          -- the record key: tenantId:userId
    type          text        NOT NULL,          -- CloudEvents type
    subject       text,                          -- CloudEvents subject, e.g. the enrollment id
    tenant_id     text        NOT NULL,
    payload       jsonb       NOT NULL,
    occurred_at   timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- NOTIFY is only delivered when the inserting transaction commits, so a rolled-back change
-- never wakes the relay for an event that does not exist.
CREATE FUNCTION outbox_wake_relay() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('tweestap_outbox', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay();

-- Idempotent-consumer inbox: a handler inserts the event id in its own transaction.
CREATE TABLE inbox (
    consumer    text        NOT NULL,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
