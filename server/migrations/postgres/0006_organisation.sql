-- The organisation that runs Lotse (issue 11): one row, filled by an admin
-- (dashboard or `lotse organisation set`) before participants can be invited.
-- Everything in it is public: the privacy notice, the consent screen, the
-- access letter and the footer show it. As the SQLite file, integers as BIGINT.
CREATE TABLE organisation (
    id                     BIGINT PRIMARY KEY CHECK (id = 1),
    controller_name        TEXT NOT NULL,
    controller_address     TEXT NOT NULL,
    controller_contact     TEXT NOT NULL,
    dpo_name               TEXT NOT NULL,
    dpo_contact            TEXT NOT NULL,
    agency_name            TEXT NOT NULL,
    authority_name         TEXT NOT NULL,
    authority_contact      TEXT NOT NULL,
    counselling_basis      TEXT NOT NULL
        CHECK (counselling_basis IN ('consent', 'contract', 'legal_obligation', 'public_task')),
    health_basis           TEXT NOT NULL
        CHECK (health_basis IN ('explicit_consent', 'social_protection_law')),
    legal_basis_reference  TEXT NOT NULL,
    help_contact           TEXT NOT NULL,
    public_url             TEXT NOT NULL,
    updated_at             BIGINT NOT NULL
);
