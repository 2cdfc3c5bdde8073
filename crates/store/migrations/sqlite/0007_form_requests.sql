-- After the form: extension requests (M4.5), appeals (khiếu nại) and amendments after
-- publication (issue 5 §5, M4.7), and attached files (M4.6).
-- Keep in step with ../postgres/0007_form_requests.sql.

-- Days after publication within which a staff member may appeal (a setting per period).
ALTER TABLE periods ADD COLUMN appeal_days BIGINT NOT NULL DEFAULT 15;
-- The grade after the latest amendment; the published grade stays in final_grade.
ALTER TABLE evaluations ADD COLUMN amended_grade TEXT;

-- A request about one form and its answer: kind 'extension' (a later self-assessment date,
-- answered by the evaluator) or 'appeal' (of a published grade, answered by the head).
CREATE TABLE form_requests (
    id              TEXT PRIMARY KEY NOT NULL,
    evaluation_id   TEXT NOT NULL REFERENCES evaluations(id),
    kind            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    wanted_until    TEXT,
    asked_by        TEXT REFERENCES accounts(id),
    asked_by_name   TEXT NOT NULL,
    asked_at        TEXT NOT NULL,
    answer          TEXT,
    answer_note     TEXT NOT NULL,
    granted_until   TEXT,
    answered_by     TEXT REFERENCES accounts(id),
    answered_by_name TEXT,
    answered_at     TEXT
);
CREATE INDEX form_requests_form ON form_requests(evaluation_id, asked_at);

-- A correction of a published form by the head, with its reason, kept beside the original.
CREATE TABLE amendments (
    id            TEXT PRIMARY KEY NOT NULL,
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
    request_id    TEXT REFERENCES form_requests(id),
    old_grade     TEXT,
    new_grade     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    by_id         TEXT REFERENCES accounts(id),
    by_name       TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX amendments_form ON amendments(evaluation_id, at);

-- A file attached to a form, kept in the object store under storage_key.
CREATE TABLE attachments (
    id               TEXT PRIMARY KEY NOT NULL,
    evaluation_id    TEXT NOT NULL REFERENCES evaluations(id),
    file_name        TEXT NOT NULL,
    content_type     TEXT NOT NULL,
    size             BIGINT NOT NULL,
    storage_key      TEXT NOT NULL,
    uploaded_by      TEXT REFERENCES accounts(id),
    uploaded_by_name TEXT NOT NULL,
    uploaded_at      TEXT NOT NULL,
    deleted_at       TEXT
);
CREATE INDEX attachments_form ON attachments(evaluation_id, uploaded_at);
