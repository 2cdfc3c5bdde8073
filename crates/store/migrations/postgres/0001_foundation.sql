-- Foundation: organisation tree, cohorts, people, accounts, role grants, sessions.
-- Keep in step with ../sqlite/0001_foundation.sql; a test compares the two schemas.
-- Times are UTC instants (TIMESTAMPTZ); ids are application-generated UUIDv7 text.

CREATE TABLE units (
    id           TEXT PRIMARY KEY NOT NULL,
    parent_id    TEXT REFERENCES units(id),
    path         TEXT COLLATE "C" NOT NULL,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_sort    TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    level        TEXT NOT NULL,
    block        TEXT NOT NULL,
    suffix       TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    dissolved_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX units_path ON units(path);
CREATE UNIQUE INDEX units_code ON units(code);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE cohorts (
    id         TEXT PRIMARY KEY NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    name_sort  TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX cohorts_unit_name ON cohorts(unit_id, name);

CREATE TABLE people (
    id             TEXT PRIMARY KEY NOT NULL,
    unit_id        TEXT NOT NULL REFERENCES units(id),
    full_name      TEXT NOT NULL,
    name_fold      TEXT NOT NULL,
    name_sort      TEXT COLLATE "C" NOT NULL,
    position_title TEXT NOT NULL,
    rank           TEXT NOT NULL,
    employment     TEXT NOT NULL,
    cohort_id      TEXT REFERENCES cohorts(id),
    email          TEXT,
    phone          TEXT,
    reviewer_id    TEXT REFERENCES people(id),
    evaluator_id   TEXT REFERENCES people(id),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    left_at        TIMESTAMPTZ
);
CREATE INDEX people_unit ON people(unit_id, name_sort);
CREATE INDEX people_name_fold ON people(name_fold);

CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY NOT NULL,
    person_id            TEXT REFERENCES people(id),
    username             TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    password_changed_at  TIMESTAMPTZ,
    failed_logins        BIGINT NOT NULL,
    locked_until         TIMESTAMPTZ,
    disabled             BOOLEAN NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    last_login_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX accounts_username ON accounts(username);
CREATE UNIQUE INDEX accounts_person ON accounts(person_id);

CREATE TABLE role_grants (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    role       TEXT NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    granted_by TEXT REFERENCES accounts(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants(account_id, role, unit_id);
CREATE INDEX role_grants_unit ON role_grants(unit_id);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    kind         TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expires ON sessions(expires_at);
