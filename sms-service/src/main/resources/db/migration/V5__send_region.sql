-- The destination region of each send (ISO 3166, as libphonenumber reads the number), counted by
-- the per-region limit against SMS pumping (decision 0045). Sends recorded before this migration
-- have none and do not count against that limit; they leave its window (default an hour) soon.
ALTER TABLE code_send ADD COLUMN region_code text;

CREATE INDEX code_send_by_region ON code_send (region_code, sent_at);
