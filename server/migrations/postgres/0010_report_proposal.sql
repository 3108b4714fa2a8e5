-- The participant may decline the agency report's draft and propose other
-- wording (issue 14): the proposal waits on the open draft for the counsellor
-- and is cleared when the counsellor writes the wording again. Same SQL in both
-- databases; erased with the participant like the rest of the report.
ALTER TABLE agency_reports ADD COLUMN proposal TEXT;
