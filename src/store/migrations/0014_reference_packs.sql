-- Reference packs (issue 7): the hub sends departments its organisation, people, roles,
-- retention schedule, courses, checklists, holidays and council-wide settings, with what it has
-- taken from each department's returns.
-- Hub: the last pack written. Department: the last pack applied (older ones are refused).
ALTER TABLE sync_keys ADD COLUMN pack_seq INTEGER NOT NULL DEFAULT 0;
-- Department: the last of its returns a pack acknowledged.
ALTER TABLE sync_out ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
-- Hub: which of its own returns the department had seen acknowledged when it wrote this one,
-- so the next pack need only tell it what has been taken since.
ALTER TABLE returns_in ADD COLUMN acked_seq INTEGER NOT NULL DEFAULT 0;
-- Hub: the conflicts decided since a pack last told the department.
CREATE INDEX sync_conflicts_resolved ON sync_conflicts (source, resolved_at) WHERE resolved_at IS NOT NULL;
-- Hub: who decided a conflict (the record's own audit entry says what was written).
ALTER TABLE sync_conflicts ADD COLUMN resolved_by TEXT;
