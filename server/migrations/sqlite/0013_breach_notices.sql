-- Breaches that reach people (issue 15): what was done about a breach, its
-- likely consequences and whom to contact, the message for the people
-- affected and when they were told (Art. 34); and which participants are
-- affected. The link is the participant's data: erased with them and in
-- their export. Same SQL in both databases.
ALTER TABLE breaches ADD COLUMN measures TEXT NOT NULL DEFAULT '';
ALTER TABLE breaches ADD COLUMN consequences TEXT NOT NULL DEFAULT '';
ALTER TABLE breaches ADD COLUMN contact TEXT NOT NULL DEFAULT '';
ALTER TABLE breaches ADD COLUMN message TEXT NOT NULL DEFAULT '';
ALTER TABLE breaches ADD COLUMN notified_at BIGINT;

CREATE TABLE breach_participants (
    breach_id       TEXT NOT NULL REFERENCES breaches (id) ON DELETE CASCADE,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    linked_at       BIGINT NOT NULL,
    PRIMARY KEY (breach_id, participant_id)
);
CREATE INDEX breach_participants_participant ON breach_participants (participant_id);
