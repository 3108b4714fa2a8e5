-- Staff (admins and counsellors), caseloads, substitutes, the audit trail,
-- professional competences, the data sheet and agency short reports.
-- PostgreSQL dialect of migrations/sqlite/0004_staff.sql: integers are BIGINT
-- (decoded as i64), and the append-only trigger is a PL/pgSQL function.

CREATE TABLE staff (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('admin', 'counsellor')),
    -- Argon2id PHC string (m=19456 KiB, t=2, p=1).
    password_hash    TEXT NOT NULL,
    -- TOTP seed (160 bits, base32). Enrolled once the first code was accepted.
    totp_secret      TEXT NOT NULL,
    totp_enrolled    BIGINT NOT NULL DEFAULT 0,
    -- The last accepted 30 s step: a code (and any older one) works only once.
    totp_last_step   BIGINT,
    created_at       BIGINT NOT NULL,
    disabled_at      BIGINT
);

-- Staff sessions share the sessions table. `stage` says how far sign-in got:
-- 'full' (signed in), 'totp' (password ok, code outstanding) or 'enrol'
-- (password ok, first code outstanding). Participant sessions are always 'full'.
ALTER TABLE sessions ADD COLUMN staff_id TEXT REFERENCES staff (id) ON DELETE CASCADE;
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
CREATE INDEX sessions_staff ON sessions (staff_id);

-- A participant's counsellor (their caseload owner).
ALTER TABLE participants ADD COLUMN counsellor_id TEXT REFERENCES staff (id);
CREATE INDEX participants_counsellor ON participants (counsellor_id);

-- A substitute may work on the owner's caseload from `starts_on` to `ends_on`
-- (both inclusive, UTC dates). Revoking sets `revoked_at`; rows are kept.
CREATE TABLE delegations (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL REFERENCES staff (id),
    substitute_id  TEXT NOT NULL REFERENCES staff (id),
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    granted_by     TEXT NOT NULL REFERENCES staff (id),
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    CHECK (owner_id <> substitute_id),
    CHECK (starts_on <= ends_on)
);
CREATE INDEX delegations_substitute ON delegations (substitute_id);

-- Who looked at or changed which dossier, and when. Append-only: updates are
-- refused by a trigger; rows go only with the participant's erasure (they are
-- the participant's personal data too).
CREATE TABLE audit_events (
    id              TEXT PRIMARY KEY,
    at              BIGINT NOT NULL,
    actor_id        TEXT NOT NULL REFERENCES staff (id),
    -- Set when a substitute acts: the caseload owner they stand in for.
    acting_for      TEXT REFERENCES staff (id),
    participant_id  TEXT REFERENCES participants (id) ON DELETE CASCADE,
    action          TEXT NOT NULL
);
CREATE INDEX audit_events_participant ON audit_events (participant_id, at);
CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- Professional competences (hard skills).
CREATE TABLE competences (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    skill           TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('basic', 'advanced', 'expert')),
    evidence        TEXT NOT NULL,
    -- 'participant' or 'staff': who entered or last changed it.
    changed_by      TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX competences_participant ON competences (participant_id);

-- The data sheet: counselling results and notes.
CREATE TABLE datasheets (
    participant_id  TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    results         TEXT NOT NULL,
    notes           TEXT NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- Agency short reports. One draft per participant (state 'draft' or 'agreed');
-- released reports are kept with their frozen content and time.
CREATE TABLE agency_reports (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    state           TEXT NOT NULL CHECK (state IN ('draft', 'agreed', 'released')),
    wording         TEXT NOT NULL,
    -- The composed report as JSON, frozen at release.
    content         TEXT,
    agreed_at       BIGINT,
    released_at     BIGINT,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX agency_reports_participant ON agency_reports (participant_id, state);
