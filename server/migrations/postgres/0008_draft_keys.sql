-- One key per participant for the answers in progress they keep on their own
-- device (issue 12): the browser encrypts its draft under it, and only this
-- participant's session is given it. `sealed` is the key sealed with the
-- server's secret key (`auth::seal`), so a copy of the database alone does not
-- open drafts left on a device. Erased with the participant.
-- As the SQLite file.
CREATE TABLE draft_keys (
    participant_id  TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    sealed          TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
