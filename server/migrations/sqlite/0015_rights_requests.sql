-- Rights handled by staff (issue 15): requests that arrive by letter, at the
-- desk, by e-mail or phone, with their legal deadline; restriction of
-- processing and objection on the participant; and the recipients (the
-- agency) who must be told when data they received is erased, corrected or
-- restricted (GDPR Art. 19). Same SQL in both databases apart from the
-- integer type.

-- The request register. `participant_id` becomes NULL when the participant
-- is erased: the request itself stays as the record that it was answered
-- (accountability, Art. 5(2)); `requester` then says whose it was.
CREATE TABLE rights_requests (
    id                   TEXT PRIMARY KEY,
    participant_id       TEXT REFERENCES participants (id) ON DELETE SET NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('access', 'copy', 'correction', 'erasure', 'restriction', 'objection')),
    channel              TEXT NOT NULL CHECK (channel IN ('desk', 'letter', 'email', 'phone')),
    requester            TEXT NOT NULL,
    details              TEXT NOT NULL,
    received_on          TEXT NOT NULL,
    due_on               TEXT NOT NULL,
    identity_checked_by  TEXT REFERENCES staff (id),
    identity_checked_at  INTEGER,
    status               TEXT NOT NULL CHECK (status IN ('open', 'done', 'refused')),
    outcome              TEXT,
    recorded_by          TEXT NOT NULL REFERENCES staff (id),
    recorded_at          INTEGER NOT NULL,
    closed_by            TEXT REFERENCES staff (id),
    closed_at            INTEGER
);
CREATE INDEX rights_requests_participant ON rights_requests (participant_id);
CREATE INDEX rights_requests_status ON rights_requests (status, due_on);

-- Restriction (Art. 18): kept, but no staff change, release or export until
-- lifted; the participant is told before it is lifted (`restriction_lift_told_at`).
ALTER TABLE participants ADD COLUMN restricted_since INTEGER;
ALTER TABLE participants ADD COLUMN restriction_reason TEXT;
ALTER TABLE participants ADD COLUMN restriction_lift_told_at INTEGER;
-- An objection upheld (Art. 21): the participant is left out of the
-- programme figures, the one processing here that rests on the
-- organisation's interest rather than the counselling or a consent.
ALTER TABLE participants ADD COLUMN objected_at INTEGER;

-- What a recipient must be told. `subject` names the person as the
-- recipient knows them (the name on the released reports), so the notice can
-- still be sent after an erasure took everything else.
CREATE TABLE recipient_notices (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT REFERENCES participants (id) ON DELETE SET NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    change_kind     TEXT NOT NULL CHECK (change_kind IN ('erasure', 'correction', 'restriction', 'restriction_lifted')),
    released_at     INTEGER NOT NULL,
    created_by      TEXT NOT NULL REFERENCES staff (id),
    created_at      INTEGER NOT NULL,
    told_by         TEXT REFERENCES staff (id),
    told_at         INTEGER
);
CREATE INDEX recipient_notices_participant ON recipient_notices (participant_id);
