-- Installation identity, settings, the audit trail, tombstones and the search index.
CREATE TABLE installation (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    id            TEXT NOT NULL CHECK (length(id) = 36),
    council_name  TEXT NOT NULL CHECK (length(council_name) BETWEEN 1 AND 200),
    user_name     TEXT NOT NULL CHECK (length(user_name) BETWEEN 1 AND 200),
    user_person_id TEXT,
    role          TEXT NOT NULL DEFAULT 'department' CHECK (role IN ('department', 'hub')),
    created_at    TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    installation TEXT NOT NULL,
    actor        TEXT NOT NULL,
    register     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    changes      TEXT NOT NULL CHECK (json_valid(changes)),
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_by_record ON audit (register, record_id, seq);

CREATE TABLE audit_head (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    seq       INTEGER NOT NULL,
    hash      TEXT NOT NULL
);

-- Deleted records travel to the hub as tombstones (departmental returns).
CREATE TABLE tombstones (
    register   TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    deleted_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    PRIMARY KEY (register, record_id)
);

-- Free-text search over every register: one trigram index, mapped to records by search_rows.
CREATE TABLE search_rows (
    id        INTEGER PRIMARY KEY,
    register  TEXT NOT NULL,
    record_id TEXT NOT NULL,
    UNIQUE (register, record_id)
);
CREATE VIRTUAL TABLE search_index USING fts5 (body, tokenize = 'trigram');
