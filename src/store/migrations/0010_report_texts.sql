-- The SIRO annual report's narrative: foreword, statement of assurance and priorities, per
-- financial year, in English and Welsh.
CREATE TABLE report_texts (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    year        TEXT NOT NULL,
    section     TEXT NOT NULL,
    body_en     TEXT,
    body_cy     TEXT
);
CREATE UNIQUE INDEX report_texts_unique ON report_texts (year, section);
