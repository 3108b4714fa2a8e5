-- Two more staff roles (issue 15): the data protection officer ('dpo') and
-- office staff limited to basic data ('office'). SQLite cannot change a
-- CHECK constraint in place, and sqlx runs every SQLite migration inside a
-- transaction, where foreign keys cannot be switched off (and a rename
-- would rewrite the other tables' keys). So the table is dropped and made
-- again under the same name, inside one transaction:
-- - the other tables' keys to `staff` are checked at the commit, not at the
--   drop (`defer_foreign_keys`), and hold again once the rows are back;
-- - what the drop's implicit delete would act on is kept aside and put
--   back: staff sessions (ON DELETE CASCADE) and the vacancies' and shared
--   suggestions' authors (ON DELETE SET NULL).
-- The columns are the ones of 0004, in the same order.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE staff_kept AS SELECT * FROM staff;
CREATE TEMP TABLE staff_sessions_kept AS SELECT * FROM sessions WHERE staff_id IS NOT NULL;
CREATE TEMP TABLE vacancy_authors_kept AS
    SELECT id, created_by FROM vacancies WHERE created_by IS NOT NULL;
CREATE TEMP TABLE suggestion_sharers_kept AS
    SELECT participant_id, vacancy_id, shared_by FROM shared_suggestions
    WHERE shared_by IS NOT NULL;
DROP TABLE staff;
CREATE TABLE staff (
    id               TEXT PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL CHECK (role IN ('admin', 'counsellor', 'dpo', 'office')),
    -- Argon2id PHC string (m=19456 KiB, t=2, p=1).
    password_hash    TEXT NOT NULL,
    -- TOTP seed (160 bits, base32). Enrolled once the first code was accepted.
    totp_secret      TEXT NOT NULL,
    totp_enrolled    INTEGER NOT NULL DEFAULT 0,
    -- The last accepted 30 s step: a code (and any older one) works only once.
    totp_last_step   BIGINT,
    created_at       BIGINT NOT NULL,
    disabled_at      BIGINT
);
INSERT INTO staff (id, username, display_name, role, password_hash, totp_secret,
                   totp_enrolled, totp_last_step, created_at, disabled_at)
    SELECT id, username, display_name, role, password_hash, totp_secret,
           totp_enrolled, totp_last_step, created_at, disabled_at
    FROM staff_kept;
INSERT INTO sessions SELECT * FROM staff_sessions_kept;
UPDATE vacancies
    SET created_by = (SELECT k.created_by FROM vacancy_authors_kept k WHERE k.id = vacancies.id)
    WHERE id IN (SELECT id FROM vacancy_authors_kept);
UPDATE shared_suggestions
    SET shared_by = (SELECT k.shared_by FROM suggestion_sharers_kept k
                     WHERE k.participant_id = shared_suggestions.participant_id
                       AND k.vacancy_id = shared_suggestions.vacancy_id)
    WHERE (participant_id, vacancy_id) IN
          (SELECT participant_id, vacancy_id FROM suggestion_sharers_kept);
DROP TABLE staff_kept;
DROP TABLE staff_sessions_kept;
DROP TABLE vacancy_authors_kept;
DROP TABLE suggestion_sharers_kept;
