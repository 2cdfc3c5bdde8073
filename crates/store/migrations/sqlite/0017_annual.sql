-- The annual evaluation (issue 10 §6, SPEC M6.3). The year's period is a row of periods with
-- month 0; its forms are ordinary forms. Keep in step with ../postgres/0017_annual.sql.

-- An admin's note on an annual form (Quảng Trị Quy chế 2019 Đ.2.8–2.9): 'paper', a result on
-- paper confirmed by the old unit's head for someone transferred in under 6 months (total in
-- hundredths, grade, and the old unit in source); or 'not_evaluated', full-time study over half
-- the year. One note per form; replacing it keeps the audit line of the old one.
CREATE TABLE annual_notes (
    evaluation_id    TEXT PRIMARY KEY NOT NULL REFERENCES evaluations(id),
    kind             TEXT NOT NULL,
    total            BIGINT,
    grade            TEXT,
    source           TEXT NOT NULL,
    note             TEXT NOT NULL,
    entered_by       TEXT REFERENCES accounts(id),
    entered_by_name  TEXT NOT NULL,
    entered_at       TEXT NOT NULL
);
