-- Work planning, work logs and KPI by work products (issue 7, SPEC M5).
-- Keep in step with ../sqlite/0011_work.sql; a test compares the two schemas.

-- A monthly plan (kế hoạch công tác tháng) of a person or of a unit. Frozen (chốt) plans are the
-- month's baseline; a unit's published plan is what its staff link their items to.
CREATE TABLE work_plans (
    id           TEXT PRIMARY KEY NOT NULL,
    owner_kind   TEXT NOT NULL,
    person_id    TEXT REFERENCES people(id),
    unit_id      TEXT NOT NULL REFERENCES units(id),
    unit_path    TEXT COLLATE "C" NOT NULL,
    month        TEXT NOT NULL,
    state        TEXT NOT NULL,
    frozen_at    TIMESTAMPTZ,
    published_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX work_plans_person_month ON work_plans(person_id, month) WHERE owner_kind = 'person';
CREATE UNIQUE INDEX work_plans_unit_month ON work_plans(unit_id, month) WHERE owner_kind = 'unit';

-- Items of a plan: the month's (kind 'month', with a due date) and the week's schedule (kind
-- 'week', with a day). Origin: planned, added (after freezing) or unplanned (đột xuất).
CREATE TABLE work_items (
    id           TEXT PRIMARY KEY NOT NULL,
    plan_id      TEXT NOT NULL REFERENCES work_plans(id),
    kind         TEXT NOT NULL,
    origin       TEXT NOT NULL,
    title        TEXT NOT NULL,
    expected     TEXT NOT NULL,
    due          DATE,
    day          DATE,
    weight       BIGINT NOT NULL,
    link_id      TEXT REFERENCES work_items(id),
    recurring    BOOLEAN NOT NULL,
    outcome      TEXT,
    finished_on  DATE,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX work_items_plan ON work_items(plan_id, kind, day);

-- A submission of the work log for a day or a week to the direct leader, and its answer.
CREATE TABLE work_log_reviews (
    id           TEXT PRIMARY KEY NOT NULL,
    person_id    TEXT NOT NULL REFERENCES people(id),
    leader_id    TEXT NOT NULL REFERENCES people(id),
    from_day     DATE NOT NULL,
    to_day       DATE NOT NULL,
    state        TEXT NOT NULL,
    comment      TEXT NOT NULL,
    submitted_at TIMESTAMPTZ NOT NULL,
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ
);
CREATE INDEX work_log_reviews_leader ON work_log_reviews(leader_id, state);
CREATE INDEX work_log_reviews_person ON work_log_reviews(person_id, from_day);

-- The work log (bảng kê công việc): what was done on a day, with its result and evidence.
CREATE TABLE work_logs (
    id           TEXT PRIMARY KEY NOT NULL,
    person_id    TEXT NOT NULL REFERENCES people(id),
    day          DATE NOT NULL,
    what         TEXT NOT NULL,
    result       TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    item_id      TEXT REFERENCES work_items(id),
    review_id    TEXT REFERENCES work_log_reviews(id),
    state        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX work_logs_person_day ON work_logs(person_id, day);

-- A unit's product catalogue (NĐ 335 Đ.13): products in complexity groups 1–5 with their
-- conversion coefficient into standard product units (thousandths). Units below inherit it.
CREATE TABLE kpi_products (
    id           TEXT PRIMARY KEY NOT NULL,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    code         TEXT NOT NULL,
    task         TEXT NOT NULL,
    name         TEXT NOT NULL,
    group_no     BIGINT NOT NULL,
    measure      TEXT NOT NULL,
    coefficient  BIGINT NOT NULL,
    note         TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX kpi_products_unit_code ON kpi_products(unit_id, code);

-- A task assigned to a person in a month (NĐ 335 Đ.14, Đ.18): from the catalogue or ad hoc,
-- its quantity and coefficient in thousandths, the report of completion and the leader's rating.
CREATE TABLE kpi_tasks (
    id              TEXT PRIMARY KEY NOT NULL,
    person_id       TEXT NOT NULL REFERENCES people(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    month           TEXT NOT NULL,
    product_id      TEXT REFERENCES kpi_products(id),
    title           TEXT NOT NULL,
    origin          TEXT NOT NULL,
    quantity        BIGINT NOT NULL,
    coefficient     BIGINT NOT NULL,
    due             DATE NOT NULL,
    assigned_by     TEXT NOT NULL,
    assigned_at     TIMESTAMPTZ NOT NULL,
    done_quantity   BIGINT NOT NULL,
    reported_on     DATE,
    product_ref     TEXT NOT NULL,
    handed_back     BOOLEAN NOT NULL,
    quality         TEXT NOT NULL,
    quality_errors  BIGINT NOT NULL,
    errors_excused  BIGINT NOT NULL,
    delay_excused   BOOLEAN NOT NULL,
    rated_by        TEXT,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX kpi_tasks_person_month ON kpi_tasks(person_id, month);
CREATE INDEX kpi_tasks_unit_month ON kpi_tasks(unit_id, month);

-- A leader's organising ability (đ) and team unity (e) for a month, 100 or 50 (Đ.15.3), set by
-- the one who evaluates them.
CREATE TABLE kpi_leader_marks (
    person_id   TEXT NOT NULL REFERENCES people(id),
    month       TEXT NOT NULL,
    organising  BIGINT NOT NULL,
    unity       BIGINT NOT NULL,
    set_by      TEXT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, month)
);
