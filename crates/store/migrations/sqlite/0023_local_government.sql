-- Local government (issue 11 §3, SPEC M8.3; rules in danhgia_domain::localgov): the People's
-- Council delegates and People's Committee members of a level of government by term (a
-- delegate need not be on the staff: person_id may be empty), and the category of each
-- commune-level staff member.
-- Keep in step with ../postgres/0023_local_government.sql; a test compares the two schemas.
CREATE TABLE local_offices (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_id          TEXT NOT NULL REFERENCES units(id),
    term             BIGINT NOT NULL,
    body             TEXT NOT NULL,
    office           TEXT NOT NULL,
    person_id        TEXT REFERENCES people(id),
    full_name        TEXT NOT NULL,
    started_on       TEXT NOT NULL,
    ended_on         TEXT,
    decision_number  TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX local_offices_unit ON local_offices(unit_id, term, body);

CREATE TABLE commune_staff (
    person_id        TEXT PRIMARY KEY NOT NULL REFERENCES people(id),
    category         TEXT NOT NULL,
    updated_by_name  TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
