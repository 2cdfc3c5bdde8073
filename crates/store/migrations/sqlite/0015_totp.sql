-- An optional second factor for admins (issue 9 §1, ASVS 2.8): a TOTP secret (RFC 6238) per
-- account, the one being set up until its first code is entered, and the last time step used
-- (a code is accepted once). Keep in step with ../postgres/0015_totp.sql.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_pending TEXT;
ALTER TABLE accounts ADD COLUMN totp_step BIGINT;
