-- Departmental returns that cannot be forged or dropped (issue 18).

-- Hub: its Ed25519 key pair for signing reference packs. Laptop: the hub's public key (from
-- its join file), its own id at the hub, the one-time enrolment token and its own signing key.
ALTER TABLE sync_keys ADD COLUMN hub_verify TEXT;
ALTER TABLE sync_keys ADD COLUMN hub_signing TEXT;
ALTER TABLE sync_keys ADD COLUMN laptop_id TEXT;
ALTER TABLE sync_keys ADD COLUMN enrol_token TEXT;
ALTER TABLE sync_keys ADD COLUMN signing_secret TEXT;

-- Hub: every laptop the IMG secretary added, its key once its first return bound it, and
-- whether it has been withdrawn. `replaces`: the installation whose history it takes over
-- (the same laptop joining again, or one an earlier version joined); no other laptop may.
CREATE TABLE laptops (
    id              TEXT PRIMARY KEY CHECK (length(id) = 36),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    token           TEXT NOT NULL CHECK (length(token) = 64),
    pack_public     TEXT NOT NULL,
    enrolled_at     TEXT NOT NULL,
    enrolled_by     TEXT NOT NULL,
    source          TEXT,
    signing_public  TEXT CHECK (signing_public IS NULL OR length(signing_public) = 64),
    bound_at        TEXT,
    revoked_at      TEXT,
    revoked_by      TEXT,
    replaces        TEXT,
    CHECK ((source IS NULL) = (signing_public IS NULL))
);

-- Hub: returns by their own row, since a laptop restored from a backup numbers its returns
-- again. Each is known by its digest, and records the laptop's trail head (`audit_head`, the
-- hash of its entry `audit_to`) and where its trail starts (`audit_from`): the hashes of the
-- entries its trail carries tell a restored laptop's new history from the old, whose returns
-- are then `superseded`.
CREATE TABLE returns_in_numbered (
    id             INTEGER PRIMARY KEY,
    source         TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    audit_to       INTEGER NOT NULL,
    written_at     TEXT NOT NULL,
    applied_at     TEXT NOT NULL,
    summary        TEXT NOT NULL CHECK (json_valid(summary)),
    acked_seq      INTEGER NOT NULL DEFAULT 0,
    trail          BLOB,
    applied_by     TEXT,
    department_id  TEXT,
    trail_lines    INTEGER NOT NULL DEFAULT 0,
    digest         TEXT,
    audit_head     TEXT,
    laptop_id      TEXT,
    audit_from     INTEGER,
    superseded     INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1))
);
INSERT INTO returns_in_numbered (source, source_name, seq, audit_to, written_at, applied_at, summary, acked_seq, trail,
                                 applied_by, department_id, trail_lines)
    SELECT source, source_name, seq, audit_to, written_at, applied_at, summary, acked_seq, trail, applied_by, department_id, trail_lines
    FROM returns_in ORDER BY applied_at, source, seq;
DROP TABLE returns_in;
ALTER TABLE returns_in_numbered RENAME TO returns_in;
CREATE INDEX returns_in_by_source ON returns_in (source, seq);
CREATE UNIQUE INDEX returns_in_by_digest ON returns_in (source, digest) WHERE digest IS NOT NULL;

-- Laptop: the returns it wrote, to take the hub's acknowledgement only of its own.
CREATE TABLE returns_out (
    seq         INTEGER PRIMARY KEY,
    digest      TEXT NOT NULL,
    audit_to    INTEGER NOT NULL,
    written_at  TEXT NOT NULL
);

-- Hub: a record a return brings that fails the register's checks is held as `invalid`.
CREATE TABLE sync_conflicts_checked (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    source_name  TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    register     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason IN ('changed', 'deleted', 'clash', 'invalid')),
    theirs       TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    received_at  TEXT NOT NULL,
    resolved_at  TEXT,
    resolution   TEXT CHECK (resolution IN ('ours', 'theirs', 'merged')),
    resolved_by  TEXT,
    UNIQUE (source, register, record_id, seq)
);
INSERT INTO sync_conflicts_checked (id, source, source_name, seq, register, record_id, reason, theirs, received_at, resolved_at, resolution, resolved_by)
    SELECT id, source, source_name, seq, register, record_id, reason, theirs, received_at, resolved_at, resolution, resolved_by FROM sync_conflicts;
DROP TABLE sync_conflicts;
ALTER TABLE sync_conflicts_checked RENAME TO sync_conflicts;
CREATE INDEX sync_conflicts_resolved ON sync_conflicts (source, resolved_at) WHERE resolved_at IS NOT NULL;
