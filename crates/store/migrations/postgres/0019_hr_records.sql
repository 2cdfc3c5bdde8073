-- The rest of the personnel file and the organisation's staffing (issue 11 §1–2, SPEC M8.1–2;
-- rules in danhgia_domain::hr and danhgia_domain::staffing).
-- Keep in step with ../sqlite/0019_hr_records.sql; a test compares the two schemas.

-- Identity, contact, education and party membership: one row per person, written whole.
-- No social-insurance or asset-declaration data (Đồng Nai 3647 §1.1).
CREATE TABLE person_profiles (
    person_id          TEXT PRIMARY KEY NOT NULL REFERENCES people(id),
    birth_date         DATE,
    gender             TEXT,
    id_number          TEXT NOT NULL,
    birthplace         TEXT NOT NULL,
    hometown           TEXT NOT NULL,
    ethnicity          TEXT NOT NULL,
    religion           TEXT NOT NULL,
    address            TEXT NOT NULL,
    general_education  TEXT NOT NULL,
    qualification      TEXT,
    major              TEXT NOT NULL,
    political_theory   TEXT,
    state_management   TEXT,
    party_joined_on    DATE,
    party_official_on  DATE,
    updated_by_name    TEXT NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- A unit's contacts and operating rules (§1.2: "loại hình đơn vị, thông tin liên lạc, người
-- đứng đầu, quy chế hoạt động"); its type is units.kind, its head the person holding the
-- head's rank.
CREATE TABLE unit_profiles (
    unit_id          TEXT PRIMARY KEY NOT NULL REFERENCES units(id),
    address          TEXT NOT NULL,
    phone            TEXT NOT NULL,
    email            TEXT NOT NULL,
    rules_number     TEXT NOT NULL,
    rules_date       DATE,
    updated_by_name  TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- The staffing quota (biên chế) of a unit, a year and an employment category, as assigned by
-- a decision; the head count it is compared with comes from the placements.
CREATE TABLE staffing_quotas (
    unit_id          TEXT NOT NULL REFERENCES units(id),
    year             BIGINT NOT NULL,
    category         TEXT NOT NULL,
    quota            BIGINT NOT NULL,
    decision_number  TEXT NOT NULL,
    updated_by_name  TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (unit_id, year, category)
);
CREATE INDEX placements_unit ON placements(unit_id, started_on);
