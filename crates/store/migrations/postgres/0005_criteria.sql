-- Criteria sets, their immutable versions, position overrides and the preset chosen per tenant
-- or block (issue 4, M3). Keep in step with ../sqlite/0005_criteria.sql.

CREATE TABLE criteria_sets (
    id              TEXT PRIMARY KEY NOT NULL,
    key             TEXT NOT NULL,
    preset          TEXT NOT NULL,
    title           TEXT NOT NULL,
    shipped         BOOLEAN NOT NULL,
    copied_from     TEXT REFERENCES criteria_sets(id),
    current_version BIGINT NOT NULL,
    created_by      TEXT REFERENCES accounts(id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX criteria_sets_key ON criteria_sets(key);

-- A version is never updated or deleted: evaluations point at the version they were scored on.
CREATE TABLE criteria_set_versions (
    id         TEXT PRIMARY KEY NOT NULL,
    set_id     TEXT NOT NULL REFERENCES criteria_sets(id),
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    digest     TEXT NOT NULL,
    note       TEXT NOT NULL,
    created_by TEXT REFERENCES accounts(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX criteria_set_versions_number ON criteria_set_versions(set_id, version);

CREATE TABLE criteria_assignments (
    id         TEXT PRIMARY KEY NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    title      TEXT NOT NULL,
    title_fold TEXT NOT NULL,
    set_id     TEXT NOT NULL REFERENCES criteria_sets(id),
    created_by TEXT REFERENCES accounts(id),
    created_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX criteria_assignments_unit_title ON criteria_assignments(unit_id, title_fold);

-- block '' = the whole tenant (the root unit's tree).
CREATE TABLE rule_choices (
    id         TEXT PRIMARY KEY NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units(id),
    block      TEXT NOT NULL,
    preset     TEXT NOT NULL,
    updated_by TEXT REFERENCES accounts(id),
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX rule_choices_unit_block ON rule_choices(unit_id, block);
