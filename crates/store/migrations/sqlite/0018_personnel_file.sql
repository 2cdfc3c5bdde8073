-- The personnel file's career processes (issue 11 §1, SPEC M8.1; rules in
-- danhgia_domain::hr): each dated, resting on a decision (number, date, signer, an optional
-- scan). A process that moves the person (appointment, reappointment, transfer, rotation) is
-- written in the same transaction as the person's new unit, position, rank and roles.
-- Keep in step with ../postgres/0018_personnel_file.sql; a test compares the two schemas.
CREATE TABLE career_processes (
    id               TEXT PRIMARY KEY NOT NULL,
    person_id        TEXT NOT NULL REFERENCES people(id),
    kind             TEXT NOT NULL,
    started_on       TEXT NOT NULL,
    ended_on         TEXT,
    decision_number  TEXT NOT NULL,
    decision_date    TEXT NOT NULL,
    decision_signer  TEXT NOT NULL,
    scan_key         TEXT,
    unit_id          TEXT REFERENCES units(id),
    unit_name        TEXT NOT NULL,
    position_title   TEXT NOT NULL,
    rank             TEXT,
    scale_code       TEXT NOT NULL,
    step             BIGINT,
    coefficient      BIGINT,
    allowance        TEXT NOT NULL,
    discipline       TEXT,
    reason           TEXT NOT NULL,
    note             TEXT NOT NULL,
    created_by       TEXT REFERENCES accounts(id),
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX career_processes_person ON career_processes(person_id, started_on);
CREATE INDEX career_processes_kind ON career_processes(kind, person_id);
