-- 003_awards: indexes for the award lists of the issuer space (filter by
-- badge class, by revocation state; newest first).  Search by name or
-- email is a substring match and scans the org's awards.
CREATE INDEX awards_org_class ON awards(org_id, badgeclass_id, issued_at);
CREATE INDEX awards_org_revoked ON awards(org_id, revoked_at);
