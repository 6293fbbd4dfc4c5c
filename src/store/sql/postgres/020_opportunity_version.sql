-- 020_opportunity_version: an opportunity's version, 1 when created and one
-- more at every change (API or issuer-space form).  The JSON API shows it as
-- the ETag and a change carrying If-Match is a compare-and-set on it
-- (UPDATE ... WHERE id = $1 AND version = $n): of two edits based on the
-- same version, the second changes nothing and is told so.
-- Kept in step with sqlite/020_opportunity_version.sql.
ALTER TABLE opportunities ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
