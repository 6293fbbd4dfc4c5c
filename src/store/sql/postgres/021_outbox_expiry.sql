-- 021_outbox_expiry: each message may carry the moment it stops being worth
-- sending (0: never).  A sign-in code by SMS expires with the code; a
-- notice (an answer to an application) lives for days; mail does not
-- expire.  The sender gives up an expired message unsent.  Text messages
-- queued before this migration keep the former rule: 30 minutes after they
-- were queued.  Kept in step with sqlite/021_outbox_expiry.sql.
ALTER TABLE outbox ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE outbox SET expires_at = created_at + 1800 WHERE channel = 'sms' AND sent_at = 0;
