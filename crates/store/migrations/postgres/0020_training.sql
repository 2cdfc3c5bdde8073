-- Training and refresher courses (issue 11 §5, SPEC M8.5; rules in danhgia_domain::training):
-- a unit announces a course, the units under it enrol their people, completions are recorded
-- with their certificate.
-- Keep in step with ../sqlite/0020_training.sql; a test compares the two schemas.
CREATE TABLE courses (
    id               TEXT PRIMARY KEY NOT NULL,
    unit_id          TEXT NOT NULL REFERENCES units(id),
    name             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    organiser        TEXT NOT NULL,
    starts_on        DATE NOT NULL,
    ends_on          DATE NOT NULL,
    seats            BIGINT,
    created_by_name  TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX courses_unit ON courses(unit_id, starts_on);

-- One person in one course; unit_id is the person's unit when enrolled (the report counts
-- completions where they happened).
CREATE TABLE enrolments (
    course_id        TEXT NOT NULL REFERENCES courses(id),
    person_id        TEXT NOT NULL REFERENCES people(id),
    unit_id          TEXT NOT NULL REFERENCES units(id),
    state            TEXT NOT NULL,
    completed_on     DATE,
    certificate      TEXT NOT NULL,
    updated_by_name  TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (course_id, person_id)
);
CREATE INDEX enrolments_person ON enrolments(person_id);
CREATE INDEX enrolments_done ON enrolments(state, completed_on);
