-- Career orientation, activities and job matching (issue 14). The same SQL in
-- both databases. Wishes, the work profile and shared suggestions are the
-- participant's data: erased with them (ON DELETE CASCADE) and in their
-- export. Vacancies name no participant.

-- Occupational wishes, coded with ESCO. Code, ISCO group and label are kept
-- as recorded, so a wish still reads right if a later catalogue drops the id.
CREATE TABLE occupation_wishes (
    id              TEXT PRIMARY KEY,
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    occupation_id   TEXT NOT NULL,
    code            TEXT NOT NULL,
    isco            TEXT NOT NULL,
    label           TEXT NOT NULL,
    recorded_by     TEXT NOT NULL CHECK (recorded_by IN ('participant', 'staff')),
    created_at      BIGINT NOT NULL,
    UNIQUE (participant_id, occupation_id)
);

-- Module 2 and what else matching reads (languages, qualifications): one
-- JSON document per participant (`WorkProfile`), checked before it is stored.
CREATE TABLE work_profiles (
    participant_id  TEXT PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    profile         TEXT NOT NULL,
    changed_by      TEXT NOT NULL CHECK (changed_by IN ('participant', 'staff')),
    updated_at      BIGINT NOT NULL
);

-- Vacancies entered or imported by counsellors (`Vacancy` as JSON).
CREATE TABLE vacancies (
    id          TEXT PRIMARY KEY,
    content     TEXT NOT NULL,
    created_by  TEXT REFERENCES staff (id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);

-- A suggestion a counsellor shared with the participant, as it was judged
-- then (`Suggestion` as JSON), so the participant reads what the counsellor saw.
CREATE TABLE shared_suggestions (
    participant_id  TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    vacancy_id      TEXT NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    content         TEXT NOT NULL,
    shared_by       TEXT REFERENCES staff (id) ON DELETE SET NULL,
    shared_at       BIGINT NOT NULL,
    PRIMARY KEY (participant_id, vacancy_id)
);
