-- The audit chain becomes keyed: from now on each record's hash is an
-- HMAC-SHA-256 under a key derived from SKILLPASS_SECRET_KEY, which never
-- enters the database, so someone who can write here can no longer
-- recompute the chain after changing a record. Records written before
-- keep their plain SHA-256 and are marked version 1; new records are
-- version 2, and verification refuses a version 1 record after a version 2
-- one. A record also keeps the client's network address (refused keys,
-- failed confirmations, recoveries), covered by the keyed hash.
-- Adding columns changes no row, so the append-only triggers stay as they are.
ALTER TABLE audit_log ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
