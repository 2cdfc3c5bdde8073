-- Alerts (issue 8 §5, SPEC M7.4): in-app notifications, the runs of scheduled jobs, and each
-- account's choice to get no e-mail. Keep in step with ../postgres/0012_alerts.sql.

-- One alert to one account. The id is the alert's own key (e.g. `returned-<event id>`), so
-- writing the same alert twice (two app servers, a job re-run after a crash) keeps one row.
-- `detail` fills the kind's text (a period "11/2026", a unit's name); `emailed_at` is when it
-- left by e-mail (at once, or in the day's digest), or was given up for e-mail (too old).
CREATE TABLE notifications (
    id            TEXT PRIMARY KEY NOT NULL,
    account_id    TEXT NOT NULL REFERENCES accounts(id),
    kind          TEXT NOT NULL,
    period_id     TEXT REFERENCES periods(id),
    evaluation_id TEXT REFERENCES evaluations(id),
    unit_id       TEXT REFERENCES units(id),
    detail        TEXT NOT NULL,
    link          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    read_at       TEXT,
    emailed_at    TEXT
);
CREATE INDEX notifications_account ON notifications(account_id, created_at);
CREATE INDEX notifications_unread ON notifications(account_id) WHERE read_at IS NULL;
-- The mailer's scan: alerts still to e-mail, in the order it sends them.
CREATE INDEX notifications_unmailed ON notifications(account_id, created_at, id) WHERE emailed_at IS NULL;

-- A scheduled job's run (e.g. job 'digest', run key '2026-11-24'): claimed for a lease by one
-- server, done once.
CREATE TABLE job_runs (
    job           TEXT NOT NULL,
    run_key       TEXT NOT NULL,
    claimed_until TEXT NOT NULL,
    done_at       TEXT,
    PRIMARY KEY (job, run_key)
);

-- The alerts job reads the moves of the last day.
CREATE INDEX evaluation_events_at ON evaluation_events(at);

ALTER TABLE accounts ADD COLUMN mute_email BOOLEAN NOT NULL DEFAULT FALSE;
