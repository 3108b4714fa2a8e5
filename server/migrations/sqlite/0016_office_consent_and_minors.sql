-- Issue 15, item 4: consent in the office and for minors. Same SQL in both
-- databases apart from the integer type (SQLite INTEGER, PostgreSQL BIGINT).
--
-- 1. The optional consent to be contacted for a satisfaction survey,
--    separately revocable like the others. Earlier events never gave it.
ALTER TABLE consent_events ADD COLUMN survey_contact INTEGER NOT NULL DEFAULT 0
    CHECK (survey_contact IN (0, 1));

-- 2. A consent taken in the office is printed, signed and filed; the
--    counsellor notes once that the signed copy is on file (when, and which
--    staff account). What was consented to never changes.
ALTER TABLE consent_events ADD COLUMN signed_copy_at INTEGER;
ALTER TABLE consent_events ADD COLUMN signed_copy_by TEXT;

-- 3. A participant under the consent age. Only what the rule needs is
--    kept: that they are a minor and, when the date of birth was given, the
--    day they reach the consent age, never the date of birth itself.
ALTER TABLE participants ADD COLUMN minor INTEGER NOT NULL DEFAULT 0
    CHECK (minor IN (0, 1));
ALTER TABLE participants ADD COLUMN adult_on TEXT;

-- 4. Guardians' consents, recorded by staff before a minor's notice can be
--    accepted. Deleted with the participant.
CREATE TABLE guardian_consents (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    guardian_name   TEXT NOT NULL,
    relation        TEXT NOT NULL,
    given_on        TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('office', 'letter')),
    recorded_by     TEXT NOT NULL,
    recorded_at     INTEGER NOT NULL
);
CREATE INDEX guardian_consents_participant ON guardian_consents (participant_id);
