-- Monthly periods, evaluation forms and every move on them (issue 5, SPEC M4).
-- Keep in step with ../postgres/0006_evaluations.sql; a test compares the two schemas.

-- A period per month per tenant (the tenant's root unit). Its dates are copied from the
-- tenant's calendar when it opens and may be changed by the system admin (M4.1).
CREATE TABLE periods (
    id              TEXT PRIMARY KEY NOT NULL,
    tenant_id       TEXT NOT NULL REFERENCES units(id),
    year            BIGINT NOT NULL,
    month           BIGINT NOT NULL,
    self_opens      TEXT NOT NULL,
    self_before     TEXT NOT NULL,
    decide_before   TEXT NOT NULL,
    publish_before  TEXT NOT NULL,
    late_submission BOOLEAN NOT NULL,
    opened_by       TEXT REFERENCES accounts(id),
    opened_at       TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX periods_tenant_month ON periods(tenant_id, year, month);

-- One form per person per period. Unit, cohort, position, set version and the people who act
-- on it are those of the month the period opened: a later transfer does not move the form.
-- Sheets are JSON (danhgia_domain::evaluation::Sheet); totals are hundredths of a point.
CREATE TABLE evaluations (
    id              TEXT PRIMARY KEY NOT NULL,
    period_id       TEXT NOT NULL REFERENCES periods(id),
    person_id       TEXT NOT NULL REFERENCES people(id),
    full_name       TEXT NOT NULL,
    name_sort       TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units(id),
    unit_path       TEXT NOT NULL,
    cohort_id       TEXT REFERENCES cohorts(id),
    position_title  TEXT NOT NULL,
    set_version_id  TEXT REFERENCES criteria_set_versions(id),
    preset          TEXT NOT NULL,
    reviewer_id     TEXT REFERENCES people(id),
    evaluator_id    TEXT REFERENCES people(id),
    head_id         TEXT REFERENCES people(id),
    status          TEXT NOT NULL,
    self_sheet      TEXT NOT NULL,
    self_total      BIGINT,
    self_grade      TEXT,
    review_comment  TEXT NOT NULL,
    leader_sheet    TEXT NOT NULL,
    leader_total    BIGINT,
    leader_grade    TEXT,
    adjusted_grade  TEXT,
    adjust_reason   TEXT NOT NULL,
    final_grade     TEXT,
    submitted_on    TEXT,
    extended_to     TEXT,
    returned        BOOLEAN NOT NULL,
    published_at    TEXT,
    version         BIGINT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE UNIQUE INDEX evaluations_period_person ON evaluations(period_id, person_id);
CREATE INDEX evaluations_period_unit ON evaluations(period_id, unit_path);
CREATE INDEX evaluations_person ON evaluations(person_id);
CREATE INDEX evaluations_evaluator ON evaluations(evaluator_id, period_id);
CREATE INDEX evaluations_reviewer ON evaluations(reviewer_id, period_id);
CREATE INDEX evaluations_head ON evaluations(head_id, period_id);

-- Every change to a form (M4.7): who, when, the move, the old and new total and grade.
CREATE TABLE evaluation_events (
    id            TEXT PRIMARY KEY NOT NULL,
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
    at            TEXT NOT NULL,
    actor_id      TEXT REFERENCES accounts(id),
    actor_name    TEXT NOT NULL,
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    old_total     BIGINT,
    new_total     BIGINT,
    old_grade     TEXT,
    new_grade     TEXT,
    reason        TEXT NOT NULL
);
CREATE INDEX evaluation_events_form ON evaluation_events(evaluation_id, at);
