-- Departmental returns, lighter on the hub. A council's first returns carry every record it has
-- (75,000 and more), so what the hub keeps for each one is written tens of thousands of times.

-- What each side last agreed about a record, keyed by its primary key alone: as a rowid table
-- the key was stored twice (the table and its unique index).
CREATE TABLE sync_agreed_keyed (
    source     TEXT NOT NULL,
    register   TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    hash       TEXT,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (source, register, record_id)
) WITHOUT ROWID;
INSERT INTO sync_agreed_keyed (source, register, record_id, hash, seq)
    SELECT source, register, record_id, hash, seq FROM sync_agreed;
DROP TABLE sync_agreed;
ALTER TABLE sync_agreed_keyed RENAME TO sync_agreed;

-- The department's audit entries that came with a return, kept with the return they came in:
-- the JSON array of its entries, deflate-compressed (a BLOB), or plain JSON text for the
-- entries earlier versions kept one row each. `trail_lines` says how many entries it holds.
ALTER TABLE returns_in ADD COLUMN trail BLOB;
-- Who applied the return on the hub, and the department the laptop keeps (its officer's):
-- earlier versions did not say.
ALTER TABLE returns_in ADD COLUMN applied_by TEXT;
ALTER TABLE returns_in ADD COLUMN department_id TEXT;
ALTER TABLE returns_in ADD COLUMN trail_lines INTEGER NOT NULL DEFAULT 0;

-- Those rows move to the first return that carried each (a return carries every entry since
-- the last one the hub acknowledged, so a later return may carry it again). Every row has one:
-- it was written in the transaction that recorded its return, whose `audit_to` (the
-- department's last entry when it wrote the return) is at least the row's `seq`.
UPDATE returns_in SET
    trail = (
        SELECT json_group_array(json(line)) FROM (
            SELECT json_object('seq', a.seq, 'at', a.at, 'actor', a.actor, 'register', a.register,
                               'record_id', a.record_id, 'action', a.action, 'changes', json(a.changes)) AS line
            FROM returns_audit a
            WHERE a.source = returns_in.source
              AND returns_in.seq = (SELECT min(r.seq) FROM returns_in r WHERE r.source = a.source AND r.audit_to >= a.seq)
            ORDER BY a.seq
        )
    ),
    trail_lines = (
        SELECT count(*) FROM returns_audit a
        WHERE a.source = returns_in.source
          AND returns_in.seq = (SELECT min(r.seq) FROM returns_in r WHERE r.source = a.source AND r.audit_to >= a.seq)
    );
DROP TABLE returns_audit;
