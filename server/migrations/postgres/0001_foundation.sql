-- Lotse's first schema, PostgreSQL dialect. Mirrors migrations/sqlite with the
-- same numbers, tables, columns, constraints and indexes; a change to one side
-- needs the same change on the other. Every integer column is BIGINT: the
-- server decodes all integers as i64, and PostgreSQL's INTEGER (int4) would
-- not decode. Timestamps are Unix seconds (BIGINT), dates are ISO 8601 text
-- (YYYY-MM-DD), ids are UUIDv7 text (time-ordered, so inserts append to the
-- index instead of scattering).

CREATE TABLE programmes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE participants (
    id                TEXT PRIMARY KEY,
    programme_id      TEXT NOT NULL REFERENCES programmes (id),
    display_name      TEXT NOT NULL,
    -- SHA-256 of the normalised access code. The code carries 80 random bits,
    -- so a fast hash is enough and lets sign-in find the row by index.
    access_code_hash  TEXT NOT NULL UNIQUE,
    exit_on           TEXT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX participants_programme ON participants (programme_id);

-- Server-side sessions; the cookie holds a random token, the table its hash.
CREATE TABLE sessions (
    token_hash      TEXT PRIMARY KEY,
    participant_id  TEXT REFERENCES participants (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    last_seen_at    BIGINT NOT NULL
);
CREATE INDEX sessions_participant ON sessions (participant_id);

-- Which questionnaire modules a participant may work on, and where they stand.
CREATE TABLE releases (
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    instrument      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('released', 'done', 'skipped')),
    released_at     BIGINT NOT NULL,
    PRIMARY KEY (participant_id, instrument)
);

-- Uploaded aggregates: never answers (there are none on the server).
CREATE TABLE aggregates (
    id                  TEXT PRIMARY KEY,
    participant_id      TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    instrument          TEXT NOT NULL,
    instrument_version  BIGINT NOT NULL,
    quality             TEXT NOT NULL,
    completion_seconds  BIGINT NOT NULL,
    submitted_at        BIGINT NOT NULL
);
CREATE INDEX aggregates_participant ON aggregates (participant_id, instrument);

CREATE TABLE aggregate_scales (
    aggregate_id  TEXT NOT NULL REFERENCES aggregates (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    scale         TEXT NOT NULL,
    score         BIGINT,
    band          TEXT,
    PRIMARY KEY (aggregate_id, scale)
);
