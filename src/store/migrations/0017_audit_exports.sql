-- Exports recorded in the audit trail (issue 18): every register exported, list printed, report
-- made and return or pack written is an entry of its own (`export`), in the same hash chain as
-- every change. SQLite cannot change a CHECK constraint in place, so the table is rebuilt with
-- its rows as they are (their hashes cover their contents, not their storage).
CREATE TABLE audit_with_exports (
    seq          INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    installation TEXT NOT NULL,
    actor        TEXT NOT NULL,
    register     TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'export')),
    changes      TEXT NOT NULL CHECK (json_valid(changes)),
    record_hash  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
INSERT INTO audit_with_exports (seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash)
    SELECT seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_with_exports RENAME TO audit;
CREATE INDEX audit_by_record ON audit (register, record_id, seq);
-- Exports by time, for the list of what left the database and the SIRO's yearly count.
CREATE INDEX audit_exports ON audit (at) WHERE action = 'export';
