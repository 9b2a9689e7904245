-- Departmental returns (issue 7). The hub's key pair and the departments' copy of its public
-- key, what each side last agreed about each record, the returns the hub has applied and the
-- conflicts waiting for a person to decide.
CREATE TABLE sync_keys (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    hub_id         TEXT NOT NULL CHECK (length(hub_id) = 36),
    hub_public     TEXT NOT NULL,
    -- The hub's own secret key (only on the hub; the database is encrypted at rest).
    hub_secret     TEXT,
    -- The key reference packs are sealed to, shared with every department when it joins.
    pack_secret    TEXT NOT NULL,
    joined_at      TEXT NOT NULL
);

-- On a department: the last return written and the audit position the hub acknowledged.
CREATE TABLE sync_out (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_seq     INTEGER NOT NULL DEFAULT 0,
    acked_audit  INTEGER NOT NULL DEFAULT 0
);

-- The content both sides last agreed for a record (department: from the hub; hub: from a
-- department), so a change on only one side applies and a change on both is a conflict.
CREATE TABLE sync_agreed (
    source     TEXT NOT NULL,
    register   TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    hash       TEXT,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (source, register, record_id)
);

-- On the hub: every return applied, by its source installation and number.
CREATE TABLE returns_in (
    source       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    audit_to     INTEGER NOT NULL,
    written_at   TEXT NOT NULL,
    applied_at   TEXT NOT NULL,
    summary      TEXT NOT NULL CHECK (json_valid(summary)),
    PRIMARY KEY (source, seq)
);

-- On the hub: a record changed on both sides; both versions kept until someone decides.
CREATE TABLE sync_conflicts (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    register     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    -- changed: changed on both sides; deleted: they deleted what the hub changed (or what
    -- something at the hub still refers to); clash: the hub cannot take it as it stands (its
    -- reference is already used here, or it refers to a record the hub does not have).
    reason       TEXT NOT NULL CHECK (reason IN ('changed', 'deleted', 'clash')),
    -- Their version (null: they deleted it).
    theirs       TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    received_at  TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT CHECK (resolution IN ('ours', 'theirs', 'merged')),
    UNIQUE (source, register, record_id, seq)
);

-- The department's audit entries that came with returns, for each record's history.
CREATE TABLE returns_audit (
    source      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    register    TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL CHECK (json_valid(changes)),
    PRIMARY KEY (source, seq)
);
