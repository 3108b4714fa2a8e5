-- Scaling out: state shared by several server instances (rate limits, job
-- leases), one open agency report per participant, and indexes for large
-- caseloads and session sweeps. PostgreSQL dialect of
-- migrations/sqlite/0005_scale.sql (the same statements: nothing here needs
-- adapting). Integers are BIGINT (decoded as i64).

-- Sign-in rate-limit cells shared by all server instances (GCRA): `tat` is
-- the theoretical arrival time in Unix seconds. A key holds a client address
-- or a user name; a row is deleted once its cell is back to full, so addresses
-- do not linger.
CREATE TABLE rate_limits (
    key  TEXT PRIMARY KEY,
    tat  BIGINT NOT NULL
);

-- Which instance runs a background job (retention) now. Several instances may
-- serve Lotse, but only one of them should run a job at a time: the holder
-- owns the lease until `expires_at` (Unix seconds). A holder that crashes
-- cannot release it, so the lease expires and another instance takes over.
CREATE TABLE job_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- At most one open agency report (draft or agreed) per participant, enforced
-- by the database so two concurrent requests cannot both start one.
CREATE UNIQUE INDEX agency_reports_one_open ON agency_reports (participant_id)
    WHERE state IN ('draft', 'agreed');

-- Caseload lists: sorted by name (id breaks ties, for stable paging), filtered
-- by counsellor or programme, by release state, or by creation time.
CREATE INDEX participants_name ON participants (display_name, id);
CREATE INDEX participants_counsellor_name ON participants (counsellor_id, display_name, id);
CREATE INDEX participants_programme_name ON participants (programme_id, display_name, id);
CREATE INDEX releases_state ON releases (state, participant_id);
CREATE INDEX participants_created ON participants (created_at, id);
CREATE INDEX delegations_owner ON delegations (owner_id, substitute_id);

-- Session expiry sweeps (absolute and idle timeout).
CREATE INDEX sessions_created ON sessions (created_at);
CREATE INDEX sessions_seen ON sessions (last_seen_at);
