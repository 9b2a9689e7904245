-- Retention schedule, disposal log and the WASPI data-sharing register (issue 4).
CREATE TABLE retention_classes (
    id             TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    changed_by     TEXT NOT NULL,
    reference      TEXT NOT NULL,
    function       TEXT NOT NULL,
    activity       TEXT NOT NULL,
    activity_cy    TEXT,
    description    TEXT NOT NULL,
    description_cy TEXT,
    trigger_event  TEXT NOT NULL,
    trigger_note   TEXT,
    period_years   INTEGER NOT NULL DEFAULT 0 CHECK (period_years BETWEEN 0 AND 150),
    period_months  INTEGER NOT NULL DEFAULT 0 CHECK (period_months BETWEEN 0 AND 11),
    action         TEXT NOT NULL,
    authority      TEXT,
    notes          TEXT
);
CREATE UNIQUE INDEX retention_classes_reference ON retention_classes (reference COLLATE NOCASE);

-- Assets link to a class; the trigger date of the oldest records still held drives the
-- "due for disposal" list.
ALTER TABLE assets ADD COLUMN retention_class_id TEXT REFERENCES retention_classes (id);
ALTER TABLE assets ADD COLUMN oldest_trigger TEXT
    CHECK (oldest_trigger IS NULL OR oldest_trigger GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
CREATE INDEX assets_retention_class ON assets (retention_class_id);

CREATE TABLE disposals (
    id                  TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision            INTEGER NOT NULL CHECK (revision >= 1),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    changed_by          TEXT NOT NULL,
    reference           TEXT NOT NULL,
    description         TEXT NOT NULL,
    asset_id            TEXT REFERENCES assets (id),
    series              TEXT,
    retention_class_id  TEXT REFERENCES retention_classes (id),
    format              TEXT NOT NULL,
    volume              TEXT NOT NULL,
    records_from        TEXT,
    records_to          TEXT,
    disposal_date       TEXT NOT NULL,
    method              TEXT NOT NULL,
    authorised_by_id    TEXT NOT NULL REFERENCES people (id),
    carried_out_by      TEXT NOT NULL,
    certificate_ref     TEXT,
    no_legal_hold       INTEGER NOT NULL DEFAULT 0 CHECK (no_legal_hold IN (0, 1)),
    no_open_request     INTEGER NOT NULL DEFAULT 0 CHECK (no_open_request IN (0, 1)),
    all_copies          INTEGER NOT NULL DEFAULT 0 CHECK (all_copies IN (0, 1)),
    department_id       TEXT REFERENCES departments (id),
    notes               TEXT
);
CREATE UNIQUE INDEX disposals_reference ON disposals (reference COLLATE NOCASE);
CREATE INDEX disposals_asset ON disposals (asset_id);
CREATE INDEX disposals_date ON disposals (disposal_date);

CREATE TABLE sharing (
    id                     TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision               INTEGER NOT NULL CHECK (revision >= 1),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL,
    changed_by             TEXT NOT NULL,
    reference              TEXT NOT NULL,
    title                  TEXT NOT NULL,
    agreement_type         TEXT NOT NULL,
    purpose                TEXT NOT NULL,
    lead_organisation      TEXT,
    direction              TEXT NOT NULL,
    data_subjects          TEXT CHECK (data_subjects IS NULL OR json_valid(data_subjects)),
    data_categories        TEXT CHECK (data_categories IS NULL OR json_valid(data_categories)),
    special_categories     TEXT CHECK (special_categories IS NULL OR json_valid(special_categories)),
    criminal_offence_data  INTEGER NOT NULL DEFAULT 0 CHECK (criminal_offence_data IN (0, 1)),
    lawful_bases           TEXT CHECK (lawful_bases IS NULL OR json_valid(lawful_bases)),
    art9_conditions        TEXT CHECK (art9_conditions IS NULL OR json_valid(art9_conditions)),
    statutory_power        TEXT,
    frequency              TEXT,
    transfer_method        TEXT,
    security               TEXT,
    retention_deletion     TEXT,
    asset_ids              TEXT CHECK (asset_ids IS NULL OR json_valid(asset_ids)),
    dpia_ref               TEXT,
    privacy_notice_updated INTEGER NOT NULL DEFAULT 0 CHECK (privacy_notice_updated IN (0, 1)),
    status                 TEXT NOT NULL,
    qa_group               TEXT,
    qa_date                TEXT,
    partners_signed        TEXT,
    start_date             TEXT,
    last_reviewed          TEXT,
    review_months          INTEGER NOT NULL DEFAULT 24 CHECK (review_months BETWEEN 1 AND 60),
    review_date            TEXT,
    department_id          TEXT REFERENCES departments (id),
    iao_id                 TEXT REFERENCES people (id),
    iaa_id                 TEXT REFERENCES people (id)
);
CREATE UNIQUE INDEX sharing_reference ON sharing (reference COLLATE NOCASE);
CREATE INDEX sharing_review ON sharing (review_date);

CREATE TABLE sharing_partners (
    id           TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    changed_by   TEXT NOT NULL,
    sharing_id   TEXT NOT NULL REFERENCES sharing (id),
    organisation TEXT NOT NULL,
    role         TEXT NOT NULL,
    contact      TEXT,
    signed_by    TEXT,
    signed_on    TEXT
);
CREATE UNIQUE INDEX sharing_partners_unique ON sharing_partners (sharing_id, organisation COLLATE NOCASE);
