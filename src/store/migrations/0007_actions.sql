-- The action plan (issue 4): actions by the strategy's approach areas, and their quarterly updates.
CREATE TABLE actions (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    reference     TEXT NOT NULL,
    title         TEXT NOT NULL,
    description   TEXT,
    area          TEXT NOT NULL,
    owner_id      TEXT REFERENCES people (id),
    department_id TEXT REFERENCES departments (id),
    due_on        TEXT,
    source        TEXT NOT NULL,
    risk_id       TEXT REFERENCES risks (id),
    breach_id     TEXT REFERENCES breaches (id),
    status        TEXT NOT NULL,
    completed_on  TEXT,
    rag           TEXT
);
CREATE UNIQUE INDEX actions_reference ON actions (reference COLLATE NOCASE);
CREATE INDEX actions_area ON actions (area);
CREATE INDEX actions_risk ON actions (risk_id);

CREATE TABLE action_updates (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    action_id   TEXT NOT NULL REFERENCES actions (id),
    quarter     TEXT NOT NULL CHECK (quarter GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-Q[1-4]'),
    rag         TEXT NOT NULL,
    commentary  TEXT NOT NULL
);
CREATE UNIQUE INDEX action_updates_quarter ON action_updates (action_id, quarter);
