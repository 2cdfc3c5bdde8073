-- The commendation list (danh sách đề nghị khen thưởng, Hanoi Quy chế Đ.13.2; issue 8 §1): one
-- per unit and period, drafted by the aggregator from the published results, approved by the
-- head of the unit. Keep in step with ../sqlite/0013_commendations.sql.
CREATE TABLE commendation_lists (
    id            TEXT PRIMARY KEY NOT NULL,
    unit_id       TEXT NOT NULL REFERENCES units(id),
    period_id     TEXT NOT NULL REFERENCES periods(id),
    state         TEXT NOT NULL,
    doc_number    TEXT NOT NULL,
    drafted_by    TEXT NOT NULL REFERENCES accounts(id),
    drafted_at    TIMESTAMPTZ NOT NULL,
    approved_by   TEXT REFERENCES accounts(id),
    approver_name TEXT NOT NULL,
    approved_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX commendation_lists_unit_period ON commendation_lists(unit_id, period_id);

-- The people proposed, each with the achievement (thành tích) written for them.
CREATE TABLE commendation_entries (
    list_id       TEXT NOT NULL REFERENCES commendation_lists(id),
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
    achievement   TEXT NOT NULL,
    PRIMARY KEY (list_id, evaluation_id)
);
