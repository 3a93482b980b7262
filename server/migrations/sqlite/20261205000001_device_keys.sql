-- Device-bound keys: where a phone cannot hold a passkey, the browser
-- makes a non-extractable P-256 key and keeps it; the server keeps only
-- the public half. One per worker at a time: a new phone goes through
-- recovery at the bureau, which removes it.
CREATE TABLE device_keys (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    -- The uncompressed SEC1 point, base64url.
    public_key TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    last_used_at TEXT
);

-- A check-in confirmed with the device key is its own assurance level,
-- between the passkey (person and phone) and the password (knowledge).
-- SQLite cannot change a CHECK, so the table is rebuilt (nothing refers
-- to it).
CREATE TABLE attendance_new (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    at TEXT NOT NULL,
    assurance TEXT NOT NULL CHECK (assurance IN ('passkey', 'device_key', 'password', 'staff')),
    credential_id TEXT,
    device_hash TEXT,
    latitude REAL,
    longitude REAL,
    accuracy_m REAL,
    distance_m REAL,
    far_from_venue INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT REFERENCES users (id),
    reason TEXT NOT NULL DEFAULT '',
    voided_at TEXT,
    voided_by TEXT REFERENCES users (id),
    void_reason TEXT NOT NULL DEFAULT '',
    code_step INTEGER,
    without_position INTEGER NOT NULL DEFAULT 0
);
INSERT INTO attendance_new (
    id, session_id, enrolment_id, worker_id, direction, at, assurance, credential_id,
    device_hash, latitude, longitude, accuracy_m, distance_m, far_from_venue, recorded_by,
    reason, voided_at, voided_by, void_reason, code_step, without_position
)
SELECT
    id, session_id, enrolment_id, worker_id, direction, at, assurance, credential_id,
    device_hash, latitude, longitude, accuracy_m, distance_m, far_from_venue, recorded_by,
    reason, voided_at, voided_by, void_reason, code_step, without_position
FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
CREATE UNIQUE INDEX attendance_once_per_direction
    ON attendance (session_id, enrolment_id, direction) WHERE voided_at IS NULL;
CREATE INDEX attendance_worker_at ON attendance (worker_id, at);
CREATE INDEX attendance_session_device ON attendance (session_id, device_hash);
CREATE INDEX attendance_session_step ON attendance (session_id, direction, code_step);

-- What the worker's phone can do, as its browser last found out: the
-- class only (passkey, device_key, password_only), nothing else about the
-- phone. The bureau counts its city's workers by class.
ALTER TABLE users ADD COLUMN phone_capability TEXT
    CHECK (phone_capability IN ('passkey', 'device_key', 'password_only'));
