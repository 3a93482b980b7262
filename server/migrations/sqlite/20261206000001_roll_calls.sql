-- Random roll-calls (随机点名, issue 22): during a session the classroom
-- screen shows a roll-call code at moments nobody learns in advance, and
-- every worker who checked in confirms it the way they checked in. The
-- moments are drawn when the session's first check-in is recorded.
CREATE TABLE roll_calls (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    -- 1, 2, … within the session, in the order the moments come.
    seq INTEGER NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    drawn_at TEXT NOT NULL,
    -- When the misses of this roll-call were counted and warned about.
    settled_at TEXT,
    CONSTRAINT roll_calls_session_seq_key UNIQUE (session_id, seq)
);
CREATE INDEX roll_calls_unsettled ON roll_calls (settled_at, closes_at);

-- A worker's answer to a roll-call: confirmed with a passkey, a device
-- key or the password, or excused by staff with a reason.
CREATE TABLE roll_call_answers (
    id INTEGER PRIMARY KEY,
    roll_call_id INTEGER NOT NULL REFERENCES roll_calls (id),
    enrolment_id INTEGER NOT NULL REFERENCES enrolments (id),
    worker_id TEXT NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    assurance TEXT NOT NULL CHECK (assurance IN ('passkey', 'device_key', 'password', 'staff')),
    device_hash TEXT,
    distance_m REAL,
    far_from_venue INTEGER NOT NULL DEFAULT 0,
    without_position INTEGER NOT NULL DEFAULT 0,
    code_step INTEGER,
    recorded_by TEXT REFERENCES users (id),
    reason TEXT NOT NULL DEFAULT '',
    CONSTRAINT roll_call_answers_once UNIQUE (roll_call_id, enrolment_id)
);
CREATE INDEX roll_call_answers_enrolment ON roll_call_answers (enrolment_id);

-- Two new kinds of warning: a worker who checked in and missed a
-- roll-call, and a session where many did (set against the headcount).
-- SQLite cannot change a CHECK constraint in place, so risk_warnings is
-- rebuilt with the wider list (nothing references it).
CREATE TABLE risk_warnings_new (
    id INTEGER PRIMARY KEY,
    city_code TEXT NOT NULL,
    class_id INTEGER NOT NULL REFERENCES training_classes (id),
    session_id INTEGER NOT NULL REFERENCES class_sessions (id),
    enrolment_id INTEGER REFERENCES enrolments (id),
    kind TEXT NOT NULL CHECK (kind IN ('shared_device', 'far_from_venue', 'over_headcount', 'overlapping_sessions',
        'staff_correction', 'relayed_code', 'failed_confirmations', 'missed_roll_call', 'roll_call_shortfall')),
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
