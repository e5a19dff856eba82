-- The caller's key for one send (the Idempotency-Key header; challenge-service sends the challenge id):
-- a request repeated with the same key after its answer was lost gets the verification it already
-- made, and no second code goes out (decision 0098). Unique per tenant, so two repeats racing each
-- other cannot both create one.
ALTER TABLE phone_verification ADD COLUMN request_key text;
CREATE UNIQUE INDEX phone_verification_by_request_key ON phone_verification (tenant_id, request_key)
    WHERE request_key IS NOT NULL;
