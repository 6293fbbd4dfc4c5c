-- 019_needs_closed: a need is closed by the partner that declared it, as
-- filled ("filled": pourvu) or given up ("abandoned": abandonné), and can
-- be reopened ('' again, closed_at 0).  Closed needs leave the ranking but
-- stay listed as "clos".  updated_at: the last edit or state change.
ALTER TABLE needs ADD COLUMN closed_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE needs ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
