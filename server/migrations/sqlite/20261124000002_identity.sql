-- Identity: accounts of every role, passkeys, server-side ceremony state,
-- sessions, one-time codes, sign-in attempts (rate limits) and the
-- tamper-evident audit trail. ID numbers are never stored in clear:
-- id_number_cipher is AES-256-GCM, id_number_lookup an HMAC for the
-- one-account-per-person rule.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('worker', 'institution', 'employer', 'bureau', 'province')),
    display_name TEXT NOT NULL,
    username TEXT,
    city_code TEXT,
    organisation TEXT,
    institution_id INTEGER REFERENCES institutions (id),
    mobile TEXT,
    worker_categories TEXT NOT NULL DEFAULT '',
    id_number_cipher BLOB,
    id_number_lookup TEXT,
    id_number_masked TEXT,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT,
    CONSTRAINT users_id_number_lookup_key UNIQUE (id_number_lookup),
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE passkeys (
    credential_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    passkey TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- WebAuthn ceremony state between its two requests; used once, expires.
CREATE TABLE ceremonies (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    user_id TEXT,
    state TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Sessions: the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    assurance TEXT NOT NULL CHECK (assurance IN ('passkey', 'password')),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time codes handed over in person: account recovery and staff
-- enrolment. Only a hash is kept.
CREATE TABLE one_time_codes (
    id INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('recovery', 'enrolment')),
    code_hash TEXT NOT NULL,
    issued_by TEXT,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);
CREATE INDEX one_time_codes_user ON one_time_codes (user_id);

-- Failed sign-in and recovery attempts, for rate limits per account and
-- per network address.
CREATE TABLE failed_attempts (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX failed_attempts_subject_at ON failed_attempts (subject, at);

-- The audit trail: append-only, each record carries the SHA-256 of the
-- previous one, so any edit or deletion breaks the chain (see the
-- `verify-audit` command). audit_head serialises appends.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    city_code TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_city_at ON audit_log (city_code, at);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
