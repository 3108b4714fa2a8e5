-- The privacy notice as the organisation's own versioned data (issue 11).
-- A version is a set of texts, one per language, published together and never
-- changed afterwards: `source` is what was written (Markdown with {placeholders}
-- from the organisation's profile), `text` exactly what participants were
-- shown, `hash` its SHA-256 as recorded with each consent. `origin` says where
-- the source came from: 'legacy' (the texts shipped before notices lived here),
-- 'shipped' (Lotse's templates) or 'admin' (written by the organisation).
-- Same content in both databases.
CREATE TABLE notice_versions (
    version       INTEGER NOT NULL,
    lang          TEXT NOT NULL,
    origin        TEXT NOT NULL CHECK (origin IN ('legacy', 'shipped', 'admin')),
    source        TEXT NOT NULL,
    text          TEXT NOT NULL,
    hash          TEXT NOT NULL,
    published_at  BIGINT NOT NULL,
    published_by  TEXT REFERENCES staff (id),
    PRIMARY KEY (version, lang)
);
