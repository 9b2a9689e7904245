-- Policy and document register with version history, and the publication scheme (issue 4).
CREATE TABLE policies (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    title         TEXT NOT NULL,
    doc_type      TEXT NOT NULL,
    owner_id      TEXT REFERENCES people (id),
    department_id TEXT REFERENCES departments (id),
    approved_by   TEXT,
    approved_on   TEXT,
    version       TEXT,
    supersedes_id TEXT REFERENCES policies (id),
    location      TEXT,
    review_date   TEXT,
    status        TEXT NOT NULL
);
CREATE INDEX policies_title ON policies (title COLLATE NOCASE);
CREATE INDEX policies_review ON policies (review_date);

CREATE TABLE policy_versions (
    id          TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    policy_id   TEXT NOT NULL REFERENCES policies (id),
    version     TEXT NOT NULL,
    dated       TEXT NOT NULL,
    description TEXT NOT NULL,
    comments    TEXT
);
CREATE UNIQUE INDEX policy_versions_unique ON policy_versions (policy_id, version);

CREATE TABLE publication (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL,
    class           TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT,
    published_at    TEXT,
    department_id   TEXT REFERENCES departments (id),
    link_officer_id TEXT REFERENCES people (id),
    last_checked    TEXT,
    check_months    INTEGER NOT NULL DEFAULT 12 CHECK (check_months BETWEEN 1 AND 60),
    next_check      TEXT
);
CREATE INDEX publication_title ON publication (title COLLATE NOCASE);
CREATE INDEX publication_next ON publication (next_check);
