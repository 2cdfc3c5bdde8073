-- Uploaded staff lists between preview and confirmation, and the one-time password sheet
-- of a confirmed import until its single download (issue 3 §2). Rows older than a day are
-- swept. Keep in step with ../sqlite/0004_import_uploads.sql.
CREATE TABLE import_uploads (
    id          TEXT PRIMARY KEY NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units(id),
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    file_name   TEXT NOT NULL,
    file        BYTEA NOT NULL,
    credentials BYTEA,
    outcome     TEXT,
    created_at  TIMESTAMPTZ NOT NULL
);
