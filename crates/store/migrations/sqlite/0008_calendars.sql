-- The monthly calendar of a tenant (M4.1: "each tenant can change the dates"), used when its
-- periods open; no row means Hanoi's days (Quy chế Đ.12). Keep in step with
-- ../postgres/0008_calendars.sql.
CREATE TABLE calendars (
    tenant_id              TEXT PRIMARY KEY NOT NULL REFERENCES units(id),
    self_from              BIGINT NOT NULL,
    self_before            BIGINT NOT NULL,
    decide_before          BIGINT NOT NULL,
    publish_before_next    BIGINT NOT NULL,
    december_self_from     BIGINT NOT NULL,
    december_self_before   BIGINT NOT NULL,
    december_decide_before BIGINT NOT NULL,
    december_before        BIGINT NOT NULL,
    late_submission        BOOLEAN NOT NULL,
    appeal_days            BIGINT NOT NULL,
    updated_by             TEXT REFERENCES accounts(id),
    updated_at             TEXT NOT NULL
);
