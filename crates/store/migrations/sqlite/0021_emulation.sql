-- Emulation and rewards (issue 11 §4, SPEC M8.4; rules in danhgia_domain::emulation): each
-- year a unit registers for the titles it aims at, for itself and for its people; the awards
-- decided are recorded with their decision, for a person or a collective.
-- Keep in step with ../postgres/0021_emulation.sql; a test compares the two schemas.
CREATE TABLE emulation_pledges (
    year                BIGINT NOT NULL,
    subject_id          TEXT NOT NULL,
    unit_id             TEXT NOT NULL REFERENCES units(id),
    person_id           TEXT REFERENCES people(id),
    award               TEXT NOT NULL,
    registered_by_name  TEXT NOT NULL,
    registered_at       TEXT NOT NULL,
    PRIMARY KEY (year, subject_id)
);
CREATE INDEX emulation_pledges_unit ON emulation_pledges(unit_id, year);

CREATE TABLE awards (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_id          TEXT NOT NULL REFERENCES units(id),
    person_id        TEXT REFERENCES people(id),
    year             BIGINT NOT NULL,
    award            TEXT NOT NULL,
    decision_number  TEXT NOT NULL,
    decision_date    TEXT NOT NULL,
    decision_signer  TEXT NOT NULL,
    note             TEXT NOT NULL,
    created_by_name  TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX awards_unit ON awards(unit_id, year);
CREATE INDEX awards_person ON awards(person_id, year);
