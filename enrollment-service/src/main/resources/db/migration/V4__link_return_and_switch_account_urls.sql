-- Where the wizard's "Done" and "Use a different account" lead (decision 0039). Only the platform
-- gives them, with the link; opening the link copies them into the wizard session. Links issued
-- without them, and every link before V4, have none: the done page then says it can be closed.
ALTER TABLE enrollment_link
    ADD COLUMN return_url         text CHECK (char_length(return_url) <= 2048),
    ADD COLUMN switch_account_url text CHECK (char_length(switch_account_url) <= 2048);

ALTER TABLE wizard_session
    ADD COLUMN return_url         text CHECK (char_length(return_url) <= 2048),
    ADD COLUMN switch_account_url text CHECK (char_length(switch_account_url) <= 2048);
