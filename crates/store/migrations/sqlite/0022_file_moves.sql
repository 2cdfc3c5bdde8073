-- Moving a file out of its unit's scope (issue 11 §6, SPEC M8.6; Đồng Nai 3647 §2.1): the
-- unit's admins request it, the admins of the lowest unit above both carry it out (the
-- transfer process is written with the approval, in one transaction) or refuse it.
-- Keep in step with ../postgres/0022_file_moves.sql; a test compares the two schemas.
CREATE TABLE file_moves (
    id                 TEXT PRIMARY KEY NOT NULL,
    person_id          TEXT NOT NULL REFERENCES people(id),
    from_unit_id       TEXT NOT NULL REFERENCES units(id),
    to_unit_id         TEXT NOT NULL REFERENCES units(id),
    approver_path      TEXT NOT NULL,
    position_title     TEXT NOT NULL,
    rank               TEXT NOT NULL,
    effective_on       TEXT NOT NULL,
    decision_number    TEXT NOT NULL,
    decision_date      TEXT NOT NULL,
    decision_signer    TEXT NOT NULL,
    note               TEXT NOT NULL,
    state              TEXT NOT NULL,
    requested_by_name  TEXT NOT NULL,
    requested_at       TEXT NOT NULL,
    decided_by_name    TEXT,
    decided_at         TEXT,
    answer             TEXT NOT NULL
);
CREATE INDEX file_moves_approver ON file_moves(state, approver_path);
CREATE INDEX file_moves_person ON file_moves(person_id, requested_at);
