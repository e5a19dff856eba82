-- The sweeper looks for sends whose Vonage answer was never recorded; normally there are none.
CREATE INDEX code_send_pending ON code_send (sent_at) WHERE status = 'PENDING';
