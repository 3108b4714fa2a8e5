-- A legal hold (issue 15): while a dispute about a participant is open, the
-- data protection officer holds their data; neither the retention job nor
-- an erasure deletes it until the hold is lifted. Since when, and why (the
-- reason is kept as written, for the officer and the participant). Same SQL
-- in both databases apart from the integer type.
ALTER TABLE participants ADD COLUMN hold_since BIGINT;
ALTER TABLE participants ADD COLUMN hold_reason TEXT;
