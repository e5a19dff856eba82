-- An administrator's list of a user's recent sign-ins (issue 16, decision 0087) reads this index
-- backwards from a cursor and stops after a page: the setup test pushes are not in it, and the id
-- breaks ties between sign-ins created in the same microsecond, so a page never repeats or skips one.
CREATE INDEX push_challenge_sign_ins ON push_challenge (tenant_id, user_id, created_at, id)
    WHERE purpose = 'SIGN_IN';
