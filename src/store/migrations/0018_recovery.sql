-- The recovery key (src/keys.rs). The file is encrypted under a key made from it; this row says
-- which (its public id), and holds a new recovery key only until its holder confirms they have
-- stored it (then it is deleted under secure_delete).
CREATE TABLE recovery (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    -- The id of the recovery key the file was last seen keyed under ('' before the first).
    key_id TEXT NOT NULL DEFAULT '',
    -- A recovery key to show until it is confirmed, and its id; the id must be the file's key's,
    -- else the re-encryption it was made for never happened and it is dropped.
    pending_key TEXT,
    pending_id TEXT,
    made_at TEXT,
    confirmed_at TEXT,
    -- The recovery key the file is keyed under, for a joined laptop to send sealed to the hub
    -- with each return (its escrow). Inside the encrypted file it gives nothing the file's own
    -- key does not: that key is made from it.
    escrow_key TEXT
);

-- On the hub: each laptop's latest recovery key as its return brought it, still sealed to the
-- hub's key; opened only on demand, by a person, as an audit entry (`escrow-opened`).
CREATE TABLE key_escrow (
    laptop_id   TEXT PRIMARY KEY CHECK (length(laptop_id) = 36),
    key_id      TEXT NOT NULL CHECK (length(key_id) = 9),
    sealed      BLOB NOT NULL,
    received_at TEXT NOT NULL,
    return_seq  INTEGER NOT NULL
);

-- Key events in the audit trail (`key`: a recovery key made, confirmed, used or replaced, a
-- passphrase changed, an escrowed key opened), in the same hash chain. The table is rebuilt
-- with its rows as they are, as in 0017, to widen the CHECK constraint.
CREATE TABLE audit_with_keys (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    installation TEXT NOT NULL,
    actor        TEXT NOT NULL,
    register     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'export', 'key')),
    changes      TEXT NOT NULL CHECK (json_valid(changes)),
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
INSERT INTO audit_with_keys (seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash)
    SELECT seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_with_keys RENAME TO audit;
CREATE INDEX audit_by_record ON audit (register, record_id, seq);
CREATE INDEX audit_exports ON audit (at) WHERE action = 'export';
