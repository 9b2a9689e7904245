-- Training (courses and completions) and assurance (site audit checklists, site audits and
-- their answers, ICO Accountability Framework self-assessments and their ratings): issue 5.
CREATE TABLE courses (
    id               TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision         INTEGER NOT NULL CHECK (revision >= 1),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    changed_by       TEXT NOT NULL,
    name             TEXT NOT NULL,
    name_cy          TEXT,
    mandatory        INTEGER NOT NULL DEFAULT 0,
    audience         TEXT NOT NULL,
    roles            TEXT,
    refresh_months   INTEGER,
    induction_months INTEGER,
    description      TEXT
);
CREATE UNIQUE INDEX courses_name ON courses (name COLLATE NOCASE);

CREATE TABLE completions (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    person_id     TEXT NOT NULL REFERENCES people (id),
    course_id     TEXT NOT NULL REFERENCES courses (id),
    completed_on  TEXT NOT NULL,
    score         INTEGER,
    expires_on    TEXT,
    source        TEXT,
    notes         TEXT
);
CREATE INDEX completions_person_course ON completions (person_id, course_id, completed_on);
CREATE INDEX completions_course ON completions (course_id);

CREATE TABLE checklist_templates (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_cy     TEXT,
    items       TEXT NOT NULL,
    description TEXT
);
CREATE UNIQUE INDEX checklist_templates_name ON checklist_templates (name COLLATE NOCASE);

CREATE TABLE site_audits (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    reference     TEXT NOT NULL,
    site          TEXT NOT NULL,
    department_id TEXT REFERENCES departments (id),
    audit_date    TEXT NOT NULL,
    auditor_id    TEXT NOT NULL REFERENCES people (id),
    template_id   TEXT NOT NULL REFERENCES checklist_templates (id),
    status        TEXT NOT NULL,
    score         INTEGER,
    rag           TEXT,
    summary       TEXT
);
CREATE UNIQUE INDEX site_audits_reference ON site_audits (reference COLLATE NOCASE);
CREATE INDEX site_audits_date ON site_audits (audit_date);

CREATE TABLE site_audit_items (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    audit_id    TEXT NOT NULL REFERENCES site_audits (id),
    number      INTEGER NOT NULL,
    item        TEXT NOT NULL,
    item_cy     TEXT,
    answer      TEXT,
    notes       TEXT,
    finding     TEXT,
    finding_rag TEXT,
    action_id   TEXT REFERENCES actions (id)
);
CREATE INDEX site_audit_items_audit ON site_audit_items (audit_id, number);

CREATE TABLE accountability_assessments (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    title       TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    assessor_id TEXT REFERENCES people (id),
    score       INTEGER,
    notes       TEXT
);
CREATE UNIQUE INDEX accountability_assessments_date ON accountability_assessments (assessed_on);

CREATE TABLE accountability_ratings (
    id                TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision          INTEGER NOT NULL CHECK (revision >= 1),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    changed_by        TEXT NOT NULL,
    assessment_id     TEXT NOT NULL REFERENCES accountability_assessments (id),
    expectation       TEXT NOT NULL,
    category          TEXT,
    rating            TEXT,
    evidence          TEXT,
    evidence_policies TEXT,
    evidence_assets   TEXT,
    action_id         TEXT REFERENCES actions (id)
);
CREATE UNIQUE INDEX accountability_ratings_unique ON accountability_ratings (assessment_id, expectation);
