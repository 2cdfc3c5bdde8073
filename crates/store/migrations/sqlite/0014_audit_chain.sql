-- The audit log becomes tamper-evident (issue 9 §2, SPEC M9.2): every line carries its place in
-- one sequence, the client's IP, and a SHA-256 hash over its content and the previous line's
-- hash; `audit_head` holds the last line's number and hash. Lines written before this migration
-- are sealed into the chain by the store when it opens (their hash is still NULL here).
-- Keep in step with ../postgres/0014_audit_chain.sql.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN ip TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log(seq);
CREATE INDEX audit_log_actor ON audit_log(actor_name, at);
CREATE INDEX audit_log_unit ON audit_log(unit_id, at);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');

-- Append-only: a line is never deleted, and once sealed never changed.
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
