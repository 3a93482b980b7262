-- Integrity (issue 12): new kinds of risk warning, the facts of a check-in
-- that relay detection reads, and throttles for rate limits that hold
-- across processes.
--
-- SQLite cannot change a CHECK constraint in place, so risk_warnings is
-- rebuilt with the wider list of kinds (nothing references it).
CREATE TABLE risk_warnings_new (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    kind TEXT NOT NULL CHECK (kind IN ('shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
        'staff_correction', 'relayed_code', 'failed_confirmations')),
    subject TEXT NOT NULL,
    details TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    cleared_at TEXT,
    cleared_by TEXT REFERENCES users (id),
    clear_reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT risk_warnings_kind_session_subject_key UNIQUE (kind, session_id, subject)
);
INSERT INTO risk_warnings_new SELECT * FROM risk_warnings;
DROP TABLE risk_warnings;
ALTER TABLE risk_warnings_new RENAME TO risk_warnings;
CREATE INDEX risk_warnings_city_open ON risk_warnings (city_code, cleared_at);
CREATE INDEX risk_warnings_enrolment ON risk_warnings (enrolment_id);

-- The 10-second step of the code a check-in confirmed (NULL for staff
-- corrections), and whether the phone sent no position: many
-- confirmations of one step from far away or without a position are a
-- code relayed to people who are not in the room.
ALTER TABLE attendance ADD COLUMN code_step INTEGER;
ALTER TABLE attendance ADD COLUMN without_position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX attendance_session_step ON attendance (session_id, direction, code_step);

-- Rate limits, counted and decided in one statement so that they hold
-- across app processes and under parallel bursts. `hits` counts requests
-- in the window that started at `window_started_at`; `failures` counts
-- failed attempts since `last_failure_at`, and `blocked_until` is when
-- the next attempt may come (progressive delay, not a lock).
CREATE TABLE throttles (
    subject TEXT PRIMARY KEY,
    hits INTEGER NOT NULL DEFAULT 0,
    window_started_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at TEXT,
    blocked_until TEXT
);

-- Changes to stored data that SQL cannot make (re-encryption with the
-- server's key), applied once at start-up and remembered here.
CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);
