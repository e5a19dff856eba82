-- Repeatable, not versioned: services' own migrations are already past V1, and a new V0_x would be
-- refused by Flyway on every existing database as "resolved but not applied".
-- The inbox retention job (InboxRetention) deletes by age in batches; without this index each
-- batch would scan the whole table.
CREATE INDEX IF NOT EXISTS inbox_received_at ON inbox (received_at);
