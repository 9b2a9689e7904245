-- Organisation: departments, people and their governance roles.
CREATE TABLE departments (
    id         TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision   INTEGER NOT NULL CHECK (revision >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_cy    TEXT,
    code       TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 20)
);
CREATE UNIQUE INDEX departments_code ON departments (code COLLATE NOCASE);
CREATE INDEX departments_name ON departments (name COLLATE NOCASE);

CREATE TABLE people (
    id             TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision       INTEGER NOT NULL CHECK (revision >= 1),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    changed_by     TEXT NOT NULL,
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    job_title      TEXT,
    email          TEXT,
    staff_number   TEXT,
    department_id  TEXT REFERENCES departments (id),
    start_date     TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    leaving_date   TEXT CHECK (leaving_date IS NULL OR leaving_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    elected_member INTEGER NOT NULL DEFAULT 0 CHECK (elected_member IN (0, 1))
);
CREATE UNIQUE INDEX people_staff_number ON people (staff_number COLLATE NOCASE) WHERE staff_number IS NOT NULL;
CREATE INDEX people_name ON people (name COLLATE NOCASE);
CREATE INDEX people_department ON people (department_id);

CREATE TABLE roles (
    id            TEXT PRIMARY KEY CHECK (length(id) = 36),
    revision      INTEGER NOT NULL CHECK (revision >= 1),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    changed_by    TEXT NOT NULL,
    person_id     TEXT NOT NULL REFERENCES people (id),
    role          TEXT NOT NULL,
    department_id TEXT REFERENCES departments (id),
    from_date     TEXT NOT NULL CHECK (from_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    to_date       TEXT CHECK (to_date IS NULL OR to_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    notes         TEXT,
    CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX roles_person ON roles (person_id);
CREATE INDEX roles_role ON roles (role, department_id);
