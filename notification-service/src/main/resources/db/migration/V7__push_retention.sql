-- Retention (decision 0015): push rows are deleted in batches once they have been expired for
-- tweestap.notification.retention.pushes (7 days by default), oldest first, by this index.
CREATE INDEX push_expiry ON push (expires_at);
