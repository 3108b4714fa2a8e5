-- Consent, erasure, request log and breach register (issue 4). PostgreSQL
-- dialect of migrations/sqlite/0003_rights.sql; integers are BIGINT (decoded
-- as i64), the 0/1 flags too, with the same CHECKs as on SQLite.

-- Append-only consent history. Rows are only ever inserted; they disappear
-- only together with everything else about the participant (withdrawal,
-- retention).
CREATE TABLE consent_events (
    id               TEXT PRIMARY KEY,
    participant_id   TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    event            TEXT NOT NULL CHECK (event IN ('given', 'changed', 'withdrawn', 'declined')),
    notice_accepted  BIGINT NOT NULL CHECK (notice_accepted IN (0, 1)),
    agency_results   BIGINT NOT NULL CHECK (agency_results IN (0, 1)),
    job_matching     BIGINT NOT NULL CHECK (job_matching IN (0, 1)),
    notice_version   BIGINT NOT NULL,
    notice_hash      TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('self', 'counsellor')),
    created_at       BIGINT NOT NULL
);
CREATE INDEX consent_events_participant ON consent_events (participant_id, created_at);

-- What is left after an erasure: a random id and the time. No participant id,
-- no name, nothing that leads back to the person.
CREATE TABLE erasure_receipts (
    id         TEXT PRIMARY KEY,
    reason     TEXT NOT NULL CHECK (reason IN ('withdrawal', 'retention')),
    erased_at  BIGINT NOT NULL
);

-- Every HTTP request: path without query, time, size, status, user agent. The
-- IP address is set to NULL after 7 days (retention job).
CREATE TABLE request_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    method      TEXT NOT NULL,
    path        TEXT NOT NULL,
    status      BIGINT NOT NULL,
    size        BIGINT,
    user_agent  TEXT,
    ip          TEXT
);
CREATE INDEX request_log_at ON request_log (at);

-- Personal-data breaches, so the 72-hour notification duty (GDPR Art. 33) can be met.
CREATE TABLE breaches (
    id           TEXT PRIMARY KEY,
    what         TEXT NOT NULL,
    found_at     BIGINT NOT NULL,
    reported_at  BIGINT,
    affected     BIGINT NOT NULL,
    recorded_at  BIGINT NOT NULL
);
