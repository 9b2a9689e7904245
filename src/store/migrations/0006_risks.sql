-- The information risk register (issue 4): 5x5 scoring, inherent and residual.
CREATE TABLE risks (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision            INTEGER NOT NULL CHECK (revision >= 1),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    changed_by          TEXT NOT NULL,
    reference           TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT,
    category            TEXT,
    owner_id            TEXT REFERENCES people (id),
    department_id       TEXT REFERENCES departments (id),
    asset_ids           TEXT CHECK (asset_ids IS NULL OR json_valid(asset_ids)),
    inherent_likelihood INTEGER NOT NULL CHECK (inherent_likelihood BETWEEN 1 AND 5),
    inherent_impact     INTEGER NOT NULL CHECK (inherent_impact BETWEEN 1 AND 5),
    inherent_score      INTEGER NOT NULL CHECK (inherent_score BETWEEN 1 AND 25),
    controls            TEXT,
    residual_likelihood INTEGER NOT NULL CHECK (residual_likelihood BETWEEN 1 AND 5),
    residual_impact     INTEGER NOT NULL CHECK (residual_impact BETWEEN 1 AND 5),
    residual_score      INTEGER NOT NULL CHECK (residual_score BETWEEN 1 AND 25),
    band                TEXT NOT NULL,
    target_score        INTEGER CHECK (target_score IS NULL OR target_score BETWEEN 1 AND 25),
    treatment           TEXT,
    actions             TEXT,
    escalated           INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
    last_reviewed       TEXT,
    review_date         TEXT,
    status              TEXT NOT NULL
);
CREATE UNIQUE INDEX risks_reference ON risks (reference COLLATE NOCASE);
CREATE INDEX risks_score ON risks (residual_likelihood, residual_impact);
CREATE INDEX risks_review ON risks (review_date);
