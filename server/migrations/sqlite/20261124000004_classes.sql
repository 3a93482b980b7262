-- Classes and attendance (issue 4): class applications with their
-- sessions and decision history, enrolments, passkey-confirmed check-ins
-- and check-outs, online study reported by approved platforms, risk
-- warnings, and the subsidy claims a worker has made (one per occupation
-- and level, ever: the pre-enrolment notice reads it; the subsidy
-- lifecycle adds to it).
CREATE TABLE training_classes (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    occupation_name TEXT NOT NULL,
    occupation_key TEXT NOT NULL,
    certificate_kind TEXT NOT NULL,
    certificate_level TEXT NOT NULL,
    training_type TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 200),
    enrolled_count INTEGER NOT NULL DEFAULT 0 CHECK (enrolled_count >= 0 AND enrolled_count <= capacity),
    teacher TEXT NOT NULL,
    venue TEXT NOT NULL,
    venue_latitude REAL NOT NULL,
    venue_longitude REAL NOT NULL,
    commitment TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'returned')),
    applied_by TEXT NOT NULL REFERENCES users (id),
    submitted_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT REFERENCES users (id),
    decision_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_classes_city_status ON training_classes (city_code, status);
CREATE INDEX training_classes_institution ON training_classes (institution_id);

CREATE TABLE class_sessions (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('offline', 'online')),
    headcount INTEGER CHECK (headcount >= 0),
    headcount_by TEXT REFERENCES users (id),
    headcount_at TEXT,
    CHECK (ends_at > starts_at)
);
CREATE INDEX class_sessions_class ON class_sessions (class_id, position);

-- Every submission, decision and resubmission, with what was submitted.
CREATE TABLE class_events (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    at TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL CHECK (action IN ('submitted', 'approved', 'returned', 'resubmitted')),
    reason TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL DEFAULT ''
);
CREATE INDEX class_events_class ON class_events (class_id, id);

CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    enrolled_at TEXT NOT NULL,
    CONSTRAINT enrolments_class_worker_key UNIQUE (class_id, worker_id)
);
CREATE INDEX enrolments_worker ON enrolments (worker_id);

-- Check-ins and check-outs. One live record per enrolment, session and
-- direction (a repeated scan changes nothing); staff corrections void a
-- record or add one, always with a reason.
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    at TEXT NOT NULL,
    assurance TEXT NOT NULL CHECK (assurance IN ('passkey', 'password', 'staff')),
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
    void_reason TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX attendance_once_per_direction
    ON attendance (session_id, enrolment_id, direction) WHERE voided_at IS NULL;
CREATE INDEX attendance_worker_at ON attendance (worker_id, at);
CREATE INDEX attendance_session_device ON attendance (session_id, device_hash);

-- Online-training platforms approved by a bureau; they report study time
-- with an API key of which only a hash is kept.
CREATE TABLE online_platforms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city_code TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    CONSTRAINT online_platforms_key_hash_key UNIQUE (key_hash)
);

CREATE TABLE online_study (
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    minutes INTEGER NOT NULL CHECK (minutes >= 0),
    platform_id INTEGER NOT NULL REFERENCES online_platforms (id),
    reported_at TEXT NOT NULL,
    PRIMARY KEY (session_id, enrolment_id)
);

-- 风控预警: raised once per kind, session and subject; cleared by a
-- reviewer with a reason.
CREATE TABLE risk_warnings (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    kind TEXT NOT NULL CHECK (kind IN ('shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions')),
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    cleared_at TEXT,
    cleared_by TEXT REFERENCES users (id),
    clear_reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT risk_warnings_kind_session_subject_key UNIQUE (kind, session_id, subject)
);
CREATE INDEX risk_warnings_city_open ON risk_warnings (city_code, cleared_at);
CREATE INDEX risk_warnings_enrolment ON risk_warnings (enrolment_id);

CREATE TABLE subsidy_claims (
    id INTEGER PRIMARY KEY,
    worker_id TEXT NOT NULL REFERENCES users (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    occupation_key TEXT NOT NULL,
    occupation_name TEXT NOT NULL,
    certificate_level TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX subsidy_claims_worker ON subsidy_claims (worker_id, occupation_key, certificate_level);
