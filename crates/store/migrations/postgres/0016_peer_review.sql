-- 360° peer review (issue 10, SPEC M6.1–M6.2; Quảng Trị Quy chế 2019 Đ.3, Đ.5, Đ.6.1).
-- Keep in step with ../sqlite/0016_peer_review.sql; a test compares the two schemas.

-- How a tenant evaluates: 'leader' (the leader decides on the self-assessment) or 'peer360'
-- (the team rates each other first); the gap between the self score and the 360° score above
-- which a form is flagged, in hundredths of a point. No row: the preset's method, a 10-point gap.
CREATE TABLE peer_settings (
    tenant_id  TEXT PRIMARY KEY NOT NULL REFERENCES units(id),
    method     TEXT NOT NULL,
    gap        BIGINT NOT NULL,
    updated_by TEXT REFERENCES accounts(id),
    updated_at TIMESTAMPTZ NOT NULL
);

-- Who rates whom in a period, and what they gave: worked out from the tree when the round
-- starts (relation: danhgia_domain::peer::Relation), adjusted by an admin (manual; removed
-- keeps a pair the admin took out from coming back). sheet is the rater's scores as JSON
-- (danhgia_domain::evaluation::Sheet); total is hundredths of a point, NULL until rated.
CREATE TABLE peer_ratings (
    id            TEXT PRIMARY KEY NOT NULL,
    period_id     TEXT NOT NULL REFERENCES periods(id),
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id),
    rater_id      TEXT NOT NULL REFERENCES people(id),
    rater_name    TEXT NOT NULL,
    relation      TEXT NOT NULL,
    manual        BOOLEAN NOT NULL,
    removed       BOOLEAN NOT NULL,
    sheet         TEXT NOT NULL,
    total         BIGINT,
    comment       TEXT NOT NULL,
    rated_at      TIMESTAMPTZ,
    version       BIGINT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX peer_ratings_pair ON peer_ratings(evaluation_id, rater_id);
CREATE INDEX peer_ratings_rater ON peer_ratings(rater_id, period_id);
CREATE INDEX peer_ratings_period ON peer_ratings(period_id);

-- The digital minutes (biên bản số) of a unit for a period: compiled from the ratings, then
-- published in the unit (Đ.5.2b). Compiling again (after a re-score) replaces its lines.
CREATE TABLE peer_minutes (
    id               TEXT PRIMARY KEY NOT NULL,
    period_id        TEXT NOT NULL REFERENCES periods(id),
    unit_id          TEXT NOT NULL REFERENCES units(id),
    compiled_at      TIMESTAMPTZ NOT NULL,
    compiled_by      TEXT REFERENCES accounts(id),
    compiled_by_name TEXT NOT NULL
);
CREATE UNIQUE INDEX peer_minutes_unit ON peer_minutes(period_id, unit_id);

-- A form's line in the minutes (Đ.6.1): the self score, the 360° score (mean of the ratings),
-- their mean and gap, in hundredths. A form sent back to its owner loses its line, so its
-- ratings reopen and the next compilation counts them again.
CREATE TABLE peer_results (
    evaluation_id TEXT PRIMARY KEY NOT NULL REFERENCES evaluations(id),
    minutes_id    TEXT NOT NULL REFERENCES peer_minutes(id),
    self_total    BIGINT NOT NULL,
    peer_total    BIGINT,
    ratings       BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    gap           BIGINT NOT NULL,
    flagged       BOOLEAN NOT NULL
);
CREATE INDEX peer_results_minutes ON peer_results(minutes_id);
