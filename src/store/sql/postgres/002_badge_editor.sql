-- 002_badge_editor.sql: what the badge class editor adds (docs/internals/badgeart.md).
-- description_simple: the description in simple French (FALC), shown on pages only
--   (Open Badges 3.0 has no field for it, so it never enters a signed document).
-- evidence_required: 1 when an award of the class must carry evidence.
-- art_json: the parameters of a generated image (shape, colour, pictogram, text),
--   NULL when the image was uploaded; the SVG is rebuilt from it on demand.
ALTER TABLE badge_classes ADD COLUMN description_simple TEXT;
ALTER TABLE badge_classes ADD COLUMN evidence_required BIGINT NOT NULL DEFAULT 0;
ALTER TABLE badge_classes ADD COLUMN art_json TEXT;
