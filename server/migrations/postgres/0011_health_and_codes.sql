-- Issue 14, second part. The same SQL in both databases apart from the
-- integer type (SQLite INTEGER, PostgreSQL BIGINT).
--
-- 1. The separate consent for health data: the fit-for-work index goes to the
--    agency, and is compared with a job's physical demands in matching, only
--    with it. Earlier events never gave it (0).
ALTER TABLE consent_events ADD COLUMN health_data BIGINT NOT NULL DEFAULT 0
    CHECK (health_data IN (0, 1));

-- 2. A hard skill may carry the ESCO occupation it belongs to, kept as
--    recorded (id, code, ISCO group, label) like a wish, so it still reads
--    right if a later catalogue drops the id. All four or none.
ALTER TABLE competences ADD COLUMN occupation_id TEXT;
ALTER TABLE competences ADD COLUMN occupation_code TEXT;
ALTER TABLE competences ADD COLUMN occupation_isco TEXT;
ALTER TABLE competences ADD COLUMN occupation_label TEXT;
