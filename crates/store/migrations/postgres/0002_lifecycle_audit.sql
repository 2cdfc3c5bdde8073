-- Password lifecycle, transfers and the audit log (issue 3, SPEC M2.6, M2.7).
-- Keep in step with ../sqlite/0002_lifecycle_audit.sql.

-- A new or reset account must change its password before this instant, else it is locked
-- at its next login (seed 000: 5 days). NULL: no deadline.
ALTER TABLE accounts ADD COLUMN password_deadline TIMESTAMPTZ;
-- Why an account is disabled ('left', 'password_deadline', 'admin'); NULL when enabled.
ALTER TABLE accounts ADD COLUMN disabled_reason TEXT;

-- Single-use "forgot password" links; only the SHA-256 of the token is stored.
CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX password_resets_account ON password_resets(account_id);

-- Where each person has worked: one row per placement, closed by a transfer or leaving.
CREATE TABLE placements (
    id             TEXT PRIMARY KEY NOT NULL,
    person_id      TEXT NOT NULL REFERENCES people(id),
    unit_id        TEXT NOT NULL REFERENCES units(id),
    position_title TEXT NOT NULL,
    started_on     DATE NOT NULL,
    ended_on       DATE,
    end_reason     TEXT
);
CREATE INDEX placements_person ON placements(person_id, started_on);

-- Who did what, when (issue 3 §5; tamper evidence comes with issue 9).
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT,
    unit_id     TEXT,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_target ON audit_log(target_kind, target_id);
