-- Outgoing e-mail (forgot-password links, later reminders): a durable outbox that the mailer in
-- crates/jobs claims with a conditional UPDATE ... RETURNING, so several app servers never send
-- the same mail twice. Keep in step with ../sqlite/0003_mail_outbox.sql.
--
-- A row is pending while sent_at and failed_at are NULL; it is due once send_after has passed
-- and no live claim (claimed_until in the future) holds it. attempts counts failed deliveries;
-- after the last allowed one, failed_at is set and the row is never picked up again (it stays
-- for the operator to read last_error). dedup_key, when given, makes a reminder idempotent:
-- a second enqueue with the same key is ignored (several NULLs are allowed).

CREATE TABLE mail_outbox (
    id            TEXT PRIMARY KEY NOT NULL,
    to_addr       TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body_text     TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    send_after    TIMESTAMPTZ NOT NULL,
    attempts      BIGINT NOT NULL,
    last_error    TEXT,
    claimed_until TIMESTAMPTZ,
    sent_at       TIMESTAMPTZ,
    failed_at     TIMESTAMPTZ,
    dedup_key     TEXT
);
CREATE UNIQUE INDEX mail_outbox_dedup ON mail_outbox(dedup_key);
-- The mailer's scan: pending rows by due time.
CREATE INDEX mail_outbox_due ON mail_outbox(send_after) WHERE sent_at IS NULL AND failed_at IS NULL;
